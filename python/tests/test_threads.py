"""Threads give the same results as one thread, in the same order."""

from mentionmap import Scanner


def corpus(articles):
    # The sample articles cut into paragraphs, repeated: a few hundred documents of many sizes.
    docs = []
    for round_ in range(4):
        for doc_id, text in articles:
            for i, paragraph in enumerate(text.split("\n\n")):
                docs.append((f"{doc_id}#{round_}.{i}", paragraph))
    return docs


def test_two_threads_equal_one(scanner, articles):
    docs = corpus(articles)
    assert len(docs) > 200
    one = list(scanner.scan_many(docs, threads=1))
    two = list(scanner.scan_many(docs, threads=2))
    every_core = list(scanner.scan_many(docs))
    assert [d for d, _ in one] == [d for d, _ in docs]
    assert one == two == every_core
    # And each equals the document scanned alone.
    assert all(scanner.scan(text, doc_id) == ms for (doc_id, text), (_, ms) in zip(docs, one))


def test_counts_on_two_threads_equal_one(scanner, articles):
    docs = corpus(articles)
    assert scanner.count(docs, threads=1) == scanner.count(docs, threads=2)


def test_one_scanner_shared_by_python_threads(articles):
    from concurrent.futures import ThreadPoolExecutor

    scanner = Scanner()
    expected = [scanner.scan(text, doc_id) for doc_id, text in articles]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda d: scanner.scan(d[1], d[0]), articles * 4))
    assert got == expected * 4

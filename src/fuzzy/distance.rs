//! The bounded edit distance: optimal string alignment within one or two edits, on the stack.

/// The optimal-string-alignment distance of `a` and `b` (what `strsim::osa_distance` gives) if
/// it is at most `bound`. No allocation: ASCII names are compared as bytes, others up to
/// [`MAX_COMPARED_CHARS`] characters on the stack (longer ones, which no news name is, go to
/// `strsim`), and one edit, the common bound, needs no edit matrix at all.
pub(super) fn distance_within(a: &str, b: &str, bound: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        if bound == 1 {
            return if a == b {
                Some(0)
            } else {
                one_edit_apart(a, b).then_some(1)
            };
        }
        if a.len().max(b.len()) <= MAX_COMPARED_CHARS {
            return osa_within(a.as_bytes(), b.as_bytes(), bound);
        }
    }
    let mut left = ['\0'; MAX_COMPARED_CHARS];
    let mut right = ['\0'; MAX_COMPARED_CHARS];
    let (Some(n), Some(m)) = (fill(&mut left, a), fill(&mut right, b)) else {
        let d = strsim::osa_distance(a, b);
        return (d <= bound).then_some(d);
    };
    osa_within(&left[..n], &right[..m], bound)
}

/// The most characters of a name compared on the stack.
const MAX_COMPARED_CHARS: usize = 48;

/// Copies the characters of `s` into `out`; `None` if they do not fit.
fn fill(out: &mut [char; MAX_COMPARED_CHARS], s: &str) -> Option<usize> {
    let mut n = 0;
    for c in s.chars() {
        *out.get_mut(n)? = c;
        n += 1;
    }
    Some(n)
}

/// Optimal string alignment distance (Levenshtein plus transpositions of neighbours, no
/// substring edited twice) of `a` and `b`, if it is at most `bound` (and both hold at most
/// [`MAX_COMPARED_CHARS`] items), with three rows on the stack.
///
/// Only the cells within `bound` of the diagonal are computed: a cell further off is more than
/// `bound` edits (one per step off the diagonal), and no cell of `bound` or less is reached
/// through one. Every value past the bound is stored as `bound + 1`, and the comparison stops
/// when two rows in a row are past it, as every later cell is then: a cell is at least its
/// left neighbour's row minimum, or one more than the minimum two rows up.
fn osa_within<T: PartialEq>(a: &[T], b: &[T], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    let far = bound + 1;
    let mut rows = [[far; MAX_COMPARED_CHARS + 1]; 3];
    let (mut two_back, mut back, mut row) = (0, 1, 2);
    for (j, cell) in rows[back]
        .iter_mut()
        .enumerate()
        .take(b.len().min(bound) + 1)
    {
        *cell = j;
    }
    let mut back_past = false;
    for i in 1..=a.len() {
        let lo = i.saturating_sub(bound).max(1);
        let hi = (i + bound).min(b.len());
        // The cell left of the band: the first column (`i` deletions), or off the band.
        rows[row][lo - 1] = if lo == 1 { i.min(far) } else { far };
        let mut least = rows[row][lo - 1];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[back][j] + 1)
                .min(rows[row][j - 1] + 1)
                .min(rows[back][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[two_back][j - 2] + 1);
            }
            let d = d.min(far);
            rows[row][j] = d;
            least = least.min(d);
        }
        let past = least > bound;
        if past && back_past {
            return None;
        }
        back_past = past;
        (two_back, back, row) = (back, row, two_back);
    }
    let d = rows[back][b.len()];
    (d <= bound).then_some(d)
}

/// Are `a` and `b` exactly one edit apart (substitution, insertion, deletion, or a transposition
/// of neighbours)? Linear, allocation-free: the fuzzy pass runs it on every candidate.
fn one_edit_apart(a: &str, b: &str) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        // Keys are mostly ASCII; for the rest, count edits on characters, not bytes.
        return distance_within(a, b, 2) == Some(1);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[common..], &b[common..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Greater => ra[1..] == *rb,
        std::cmp::Ordering::Less => *ra == rb[1..],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_bounded_distance_is_strsim_s_within_the_bound(
            a in "[abcş ]{0,14}",
            b in "[abcş ]{0,14}",
            bound in 1usize..=2,
        ) {
            let d = strsim::osa_distance(&a, &b);
            prop_assert_eq!(distance_within(&a, &b, bound), (d <= bound).then_some(d));
        }
    }

    #[test]
    fn one_edit_apart_matches_the_edit_distance() {
        let table = [
            ("mnatskanyan", "mnatsakanyan", true),
            ("stepanakret", "stepanakert", true),
            ("pashinyian", "pashinyan", true),
            ("shusha", "shusha", false),
            ("goris", "gori", true),
            ("abcdef", "abcxyz", false),
            ("şuşa", "şusa", true),
            ("şuşa", "susa", false),
            ("", "a", true),
        ];
        for (a, b, expected) in table {
            assert_eq!(one_edit_apart(a, b), expected, "{a} / {b}");
            assert_eq!(one_edit_apart(b, a), expected, "{b} / {a}");
            assert_eq!(
                strsim::osa_distance(a, b) == 1,
                expected,
                "osa agrees on {a} / {b}"
            );
        }
    }
}

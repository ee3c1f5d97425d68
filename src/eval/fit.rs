//! A conditional logit over a name's candidates: which weights make the gold candidate the
//! likeliest, fitted by Newton's method.
//!
//! A candidate's logit is `scale * offset + sum(v_i * x_i)`: the offset (feature rank and the
//! rules' margins, see [`CandidateFeatures`]) is the unit the weights are kept in, so it gets one
//! free scale, and the weights are `w_i = v_i / scale`. That keeps the model linear in its
//! parameters (the log-likelihood is concave, Newton converges) while the resolver's margins in
//! rank units (`CONFIDENT_MARGIN`, the confidence) keep their meaning. An L2 penalty pulls each
//! `v_i` towards `scale * hand_i`: a weight moves from its hand-set value only as far as the data
//! insist, so a feature the corpus rarely shows (a state written after a town) keeps its value.

use crate::resolve::{CandidateFeatures, Weights, WEIGHT_COUNT};

/// Parameters: the scale, then one per weight.
const PARAMS: usize = WEIGHT_COUNT + 1;

/// Newton steps at most; a few suffice on a concave problem of nine parameters.
const MAX_STEPS: usize = 100;

/// Stop when no gradient component is larger than this.
const TOLERANCE: f64 = 1e-8;

/// One name to learn from: its candidates' features and which of them is the gold place.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The candidates (at least two).
    pub candidates: Vec<CandidateFeatures>,
    /// Index of the gold candidate in `candidates`.
    pub gold: usize,
}

/// The fitted weights and how the fit went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// The weights, in rank units.
    pub weights: Weights,
    /// The scale of the offset (how sharply one rank separates candidates).
    pub scale: f64,
    /// Mean negative log-likelihood of the gold candidates at the fit (penalty excluded).
    pub mean_loss: f64,
    /// Newton steps taken.
    pub steps: usize,
}

/// Fits the weights to `choices` by penalized maximum likelihood, starting from and pulled
/// towards `prior` with strength `penalty` (0: no pull).
///
/// # Panics
/// If a choice's `gold` is out of range.
pub fn fit(choices: &[Choice], prior: &Weights, penalty: f64) -> Fit {
    let hand = prior.to_array();
    let mut theta = [0.0; PARAMS];
    theta[0] = 1.0;
    theta[1..].copy_from_slice(&hand);
    let objective = |theta: &[f64; PARAMS]| {
        let (loss, _, _) = loss_gradient_hessian(choices, theta, false);
        loss + penalty / 2.0 * pull(theta, &hand).iter().map(|d| d * d).sum::<f64>()
    };
    let mut steps = 0;
    while steps < MAX_STEPS {
        let (_, mut gradient, mut hessian) = loss_gradient_hessian(choices, &theta, true);
        // The penalty's terms: d_i = v_i - scale * hand_i.
        let d = pull(&theta, &hand);
        for i in 0..WEIGHT_COUNT {
            gradient[i + 1] += penalty * d[i];
            gradient[0] -= penalty * hand[i] * d[i];
            hessian[i + 1][i + 1] += penalty;
            hessian[0][i + 1] -= penalty * hand[i];
            hessian[i + 1][0] -= penalty * hand[i];
            hessian[0][0] += penalty * hand[i] * hand[i];
        }
        if gradient.iter().all(|g| g.abs() < TOLERANCE) {
            break;
        }
        // A tiny ridge keeps the system solvable when a feature never varies within a name.
        for (i, row) in hessian.iter_mut().enumerate() {
            row[i] += 1e-9;
        }
        let Some(direction) = solve(hessian, gradient.map(|g| -g)) else {
            break;
        };
        // Halve the step until the objective falls (Newton can overshoot far from the optimum).
        let before = objective(&theta);
        let mut step = 1.0;
        let mut moved = false;
        while step > 1e-6 {
            let mut next = theta;
            for (t, d) in next.iter_mut().zip(direction) {
                *t += step * d;
            }
            if objective(&next) <= before {
                theta = next;
                moved = true;
                break;
            }
            step /= 2.0;
        }
        steps += 1;
        if !moved {
            break;
        }
    }
    let (loss, _, _) = loss_gradient_hessian(choices, &theta, false);
    let scale = theta[0];
    let mut weights = [0.0; WEIGHT_COUNT];
    for (w, v) in weights.iter_mut().zip(&theta[1..]) {
        *w = v / scale;
    }
    Fit {
        weights: Weights::from_array(weights),
        scale,
        mean_loss: loss / choices.len().max(1) as f64,
        steps,
    }
}

/// `v_i - scale * hand_i` for each weight.
fn pull(theta: &[f64; PARAMS], hand: &[f64; WEIGHT_COUNT]) -> [f64; WEIGHT_COUNT] {
    let mut d = [0.0; WEIGHT_COUNT];
    for i in 0..WEIGHT_COUNT {
        d[i] = theta[i + 1] - theta[0] * hand[i];
    }
    d
}

type Matrix = [[f64; PARAMS]; PARAMS];

/// The negative log-likelihood of the gold candidates, its gradient and (if asked) its Hessian.
fn loss_gradient_hessian(
    choices: &[Choice],
    theta: &[f64; PARAMS],
    second_order: bool,
) -> (f64, [f64; PARAMS], Matrix) {
    let mut loss = 0.0;
    let mut gradient = [0.0; PARAMS];
    let mut hessian = [[0.0; PARAMS]; PARAMS];
    let mut z: Vec<[f64; PARAMS]> = Vec::new();
    let mut p: Vec<f64> = Vec::new();
    for choice in choices {
        z.clear();
        z.extend(choice.candidates.iter().map(|c| {
            let mut row = [0.0; PARAMS];
            row[0] = c.offset;
            row[1..].copy_from_slice(&c.values);
            row
        }));
        let logits: Vec<f64> = z
            .iter()
            .map(|row| row.iter().zip(theta).map(|(a, b)| a * b).sum())
            .collect();
        // Softmax, shifted by the largest logit so that exp never overflows.
        let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        p.clear();
        p.extend(logits.iter().map(|l| (l - top).exp()));
        let total: f64 = p.iter().sum();
        for q in p.iter_mut() {
            *q /= total;
        }
        loss += top + total.ln() - logits[choice.gold];
        let mut mean = [0.0; PARAMS];
        for (row, q) in z.iter().zip(&p) {
            for k in 0..PARAMS {
                mean[k] += q * row[k];
            }
        }
        for k in 0..PARAMS {
            gradient[k] += mean[k] - z[choice.gold][k];
        }
        if second_order {
            for (row, q) in z.iter().zip(&p) {
                for a in 0..PARAMS {
                    for b in 0..PARAMS {
                        hessian[a][b] += q * (row[a] - mean[a]) * (row[b] - mean[b]);
                    }
                }
            }
        }
    }
    (loss, gradient, hessian)
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` if `a` is singular.
fn solve(mut a: Matrix, mut b: [f64; PARAMS]) -> Option<[f64; PARAMS]> {
    for col in 0..PARAMS {
        let pivot = (col..PARAMS).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..PARAMS {
            let factor = a[row][col] / a[col][col];
            let pivot_row = a[col];
            for (x, p) in a[row].iter_mut().zip(pivot_row).skip(col) {
                *x -= factor * p;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = [0.0; PARAMS];
    for row in (0..PARAMS).rev() {
        let rest: f64 = (row + 1..PARAMS).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - rest) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(offset: f64, country_focus: f64) -> CandidateFeatures {
        let mut values = [0.0; WEIGHT_COUNT];
        values[5] = country_focus;
        CandidateFeatures { offset, values }
    }

    #[test]
    fn solves_a_linear_system() {
        let mut a = [[0.0; PARAMS]; PARAMS];
        let mut b = [0.0; PARAMS];
        for i in 0..PARAMS {
            a[i][i] = 2.0;
            b[i] = i as f64;
        }
        a[0][1] = 1.0;
        let x = solve(a, b).expect("regular");
        assert!((2.0 * x[0] + x[1] - b[0]).abs() < 1e-12);
        assert!((x[3] - 1.5).abs() < 1e-12);
    }

    /// Names where the country focus picks the gold place against a higher rank: the fit must
    /// raise its weight over the hand value, and stay at the hand value under a strong pull.
    #[test]
    fn the_fit_follows_the_evidence_the_gold_rewards() {
        let mut choices = Vec::new();
        for i in 0..40 {
            // The lower-ranked candidate lies in the document's country and is the gold one in
            // 30 of 40 names.
            let gold = usize::from(i % 4 != 0);
            choices.push(Choice {
                candidates: vec![candidate(5.0, 0.0), candidate(3.0, 1.0)],
                gold,
            });
            // Without the focus the higher rank is right 9 times in 10: that sets the scale.
            choices.push(Choice {
                candidates: vec![candidate(5.0, 0.0), candidate(3.0, 0.0)],
                gold: usize::from(i % 10 == 0),
            });
        }
        let hand = Weights::HAND;
        let free = fit(&choices, &hand, 0.0);
        // Two ranks of difference must be outweighed: odds 3:1 at the optimum.
        assert!(free.weights.country_focus > 2.0, "{free:?}");
        let pulled = fit(&choices, &hand, 1e6);
        assert!(
            (pulled.weights.country_focus - hand.country_focus).abs() < 0.05,
            "{pulled:?}"
        );
        assert!(free.mean_loss < 0.6, "{free:?}");
    }
}

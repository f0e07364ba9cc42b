//! The little dense linear algebra Iman–Conover needs: a Cholesky factorisation that also
//! accepts positive semi-definite matrices, and triangular solves.
//!
//! Hand-written rather than a dependency: the matrices are k × k for k uncertain parameters
//! (tens at most), the algorithm is twenty lines, and a linear-algebra crate would add minutes
//! of compile time on every clean build for no gain in accuracy at this size.

/// Pivots below this count as zero: the matrix is singular there but may still be semi-definite.
const TOLERANCE: f64 = 1e-10;

/// Lower-triangular L with `a = L Lᵀ` for a symmetric k × k matrix `a` (row-major).
/// Semi-definite matrices are accepted (a zero pivot gives a zero column). `Err(i)` names the
/// first row whose pivot is negative: the matrix is not positive semi-definite.
pub fn cholesky_psd(a: &[f64], k: usize) -> Result<Vec<f64>, usize> {
    debug_assert_eq!(a.len(), k * k);
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let mut s = a[i * k + j];
            for m in 0..j {
                s -= l[i * k + m] * l[j * k + m];
            }
            if i == j {
                if s < -TOLERANCE * a[i * k + i].abs().max(1.0) {
                    return Err(i);
                }
                l[i * k + i] = s.max(0.0).sqrt();
            } else if l[j * k + j] > TOLERANCE {
                l[i * k + j] = s / l[j * k + j];
            } else if s.abs() > 1e-7 {
                // A zero pivot needs a zero remainder, or no factor exists.
                return Err(i);
            }
        }
    }
    Ok(l)
}

/// Whether the symmetric matrix `a` is positive semi-definite.
pub fn is_psd(a: &[f64], k: usize) -> bool {
    cholesky_psd(a, k).is_ok()
}

/// Solves `L y = b` for lower-triangular `L` with a non-zero diagonal, in place.
pub fn forward_solve(l: &[f64], k: usize, b: &mut [f64]) {
    for i in 0..k {
        let mut s = b[i];
        for m in 0..i {
            s -= l[i * k + m] * b[m];
        }
        b[i] = s / l[i * k + i];
    }
}

/// `out = L x` for lower-triangular `L`.
pub fn lower_times(l: &[f64], k: usize, x: &[f64], out: &mut [f64]) {
    for i in 0..k {
        out[i] = (0..=i).map(|m| l[i * k + m] * x[m]).sum();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factor_reproduces_the_matrix() {
        let a = [4.0, 2.0, 0.4, 2.0, 2.0, 0.5, 0.4, 0.5, 3.0];
        let l = cholesky_psd(&a, 3).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3).map(|m| l[i * 3 + m] * l[j * 3 + m]).sum();
                assert!((v - a[i * 3 + j]).abs() < 1e-12);
            }
        }
        let mut b = [1.0, 2.0, 3.0];
        let x = b;
        forward_solve(&l, 3, &mut b);
        let mut back = [0.0; 3];
        lower_times(&l, 3, &b, &mut back);
        assert!(back.iter().zip(x).all(|(a, b)| (a - b).abs() < 1e-12));
    }

    #[test]
    fn accepts_singular_semi_definite_and_rejects_indefinite() {
        // Perfectly correlated pair: singular but valid.
        assert!(is_psd(&[1.0, 1.0, 1.0, 1.0], 2));
        // a~b and b~c strongly positive, a~c strongly negative: impossible.
        let bad = [1.0, 0.9, -0.9, 0.9, 1.0, 0.9, -0.9, 0.9, 1.0];
        assert_eq!(cholesky_psd(&bad, 3), Err(2));
        assert!(!is_psd(&[1.0, 1.2, 1.2, 1.0], 2));
    }
}

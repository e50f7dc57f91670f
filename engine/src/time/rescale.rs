/// Computes `value * num / den` exactly, rounding to the nearest integer with
/// halves away from zero (FFmpeg's `av_rescale` rule, used by every time
/// conversion in Inbetween).
///
/// `den` must be positive; a zero or negative `den` returns `value` unchanged
/// rather than panicking. Results beyond `i64` saturate.
pub fn rescale(value: i64, num: i64, den: i64) -> i64 {
    if den <= 0 {
        return value;
    }
    let product = i128::from(value) * i128::from(num);
    let den = i128::from(den);
    // Biasing the magnitude by half the divisor rounds halves away from zero
    // (for odd divisors there are no exact halves, and the bias still rounds
    // to nearest).
    let half = den / 2;
    let rounded = if product >= 0 {
        (product + half) / den
    } else {
        -((-product + half) / den)
    };
    i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN })
}

#[cfg(test)]
mod tests {
    use super::rescale;

    #[test]
    fn exact_ratios_are_exact() {
        assert_eq!(rescale(24, 2000, 1), 48_000);
        assert_eq!(rescale(48_000, 1, 2000), 24);
    }

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(rescale(1, 1, 2), 1);
        assert_eq!(rescale(-1, 1, 2), -1);
        assert_eq!(rescale(3, 1, 2), 2);
        assert_eq!(rescale(-3, 1, 2), -2);
        assert_eq!(rescale(1, 1, 3), 0);
        assert_eq!(rescale(2, 1, 3), 1);
        assert_eq!(rescale(-2, 1, 3), -1);
    }

    #[test]
    fn ntsc_frames_to_samples() {
        // 30000/1001 fps at 48 kHz: frame 1 starts at 1601.6 samples.
        assert_eq!(rescale(1, 48_000 * 1001, 30_000), 1602);
        assert_eq!(rescale(5, 48_000 * 1001, 30_000), 8008);
    }

    #[test]
    fn saturates_instead_of_overflowing() {
        assert_eq!(rescale(i64::MAX, 4, 1), i64::MAX);
        assert_eq!(rescale(i64::MIN, 4, 1), i64::MIN);
    }

    #[test]
    fn non_positive_denominator_is_identity() {
        assert_eq!(rescale(7, 3, 0), 7);
    }
}

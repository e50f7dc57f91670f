//! Equal-power fade curves: a fade out and the matching fade in keep the
//! summed power of two unrelated sounds constant (cos² + sin² = 1).

use std::f32::consts::FRAC_PI_2;

/// The gain `x` (0–1) of the way through a fade in.
pub fn equal_power_in(x: f32) -> f32 {
    (x.clamp(0.0, 1.0) * FRAC_PI_2).sin()
}

/// The gain `x` (0–1) of the way through a fade out.
pub fn equal_power_out(x: f32) -> f32 {
    (x.clamp(0.0, 1.0) * FRAC_PI_2).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fades_start_and_end_where_they_should_and_keep_power() {
        assert_eq!(equal_power_in(0.0), 0.0);
        assert!((equal_power_in(1.0) - 1.0).abs() < 1e-6);
        assert!((equal_power_out(0.0) - 1.0).abs() < 1e-6);
        assert!(equal_power_out(1.0).abs() < 1e-6);
        for i in 0..=10 {
            let x = i as f32 / 10.0;
            let power = equal_power_in(x).powi(2) + equal_power_out(x).powi(2);
            assert!((power - 1.0).abs() < 1e-5);
        }
        // -3 dB in the middle, not -6 dB as a linear fade.
        assert!((equal_power_in(0.5) - 0.5f32.sqrt()).abs() < 1e-6);
    }
}

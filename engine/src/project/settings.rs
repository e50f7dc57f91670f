use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::time::FrameRate;

/// Project-wide settings: what the film is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The film's title, shown in the window title and used for export names.
    pub name: String,
    /// The film's frame rate; every frame count in the document is at this rate.
    pub frame_rate: FrameRate,
    /// The size of the film's frames in pixels.
    pub resolution: Resolution,
    /// The picture's aspect ratio within the frame. When it is wider than the
    /// frame (2.39:1 in 16:9) the film is letterboxed; when it equals the frame's
    /// it fills the frame.
    pub aspect: Aspect,
    /// The film fades in from black over its first this many frames, the
    /// sound with it (0: it starts on the picture).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fade_in_frames: i64,
    /// The film fades out to black over its last this many frames, the
    /// sound with it (0: it ends on the picture).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fade_out_frames: i64,
}

fn is_zero(frames: &i64) -> bool {
    *frames == 0
}

impl Settings {
    /// How much of the picture shows at `frame` of a film of `duration`
    /// frames, through the fade in and fade out: 0 black, 1 all of it.
    /// The fade in starts black on the first frame; the fade out is black
    /// on the last.
    pub fn film_fade_at(&self, frame: i64, duration: i64) -> f64 {
        let mut shown = 1.0f64;
        if self.fade_in_frames > 0 && frame < self.fade_in_frames {
            shown = shown.min(frame.max(0) as f64 / self.fade_in_frames as f64);
        }
        let from_end = duration - 1 - frame;
        if self.fade_out_frames > 0 && from_end < self.fade_out_frames {
            shown = shown.min(from_end.max(0) as f64 / self.fade_out_frames as f64);
        }
        shown
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            name: "Untitled".to_owned(),
            frame_rate: FrameRate::FPS_24,
            resolution: Resolution {
                width: 1280,
                height: 720,
            },
            aspect: Aspect { num: 16, den: 9 },
            fade_in_frames: 0,
            fade_out_frames: 0,
        }
    }
}

/// Frame size in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl Resolution {
    /// The largest side a frame may have.
    pub const MAX_SIDE: u32 = 8192;
    /// The smallest side a film frame may have.
    pub const MIN_SIDE: u32 = 16;
}

impl fmt::Display for Resolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.width, self.height)
    }
}

/// A display aspect ratio, written `"16:9"` or `"2.39:1"` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Aspect {
    /// Width part, in hundredths when read from a decimal such as 2.39.
    pub num: u32,
    /// Height part.
    pub den: u32,
}

impl Aspect {
    /// The narrowest picture aspect (1:4, a tall phone strip).
    pub const MIN: f64 = 0.25;
    /// The widest (4:1, wider than any cinema format).
    pub const MAX: f64 = 4.0;

    /// The ratio as a float.
    pub fn as_f64(self) -> f64 {
        f64::from(self.num) / f64::from(self.den.max(1))
    }

    /// The aspect of a frame of this resolution, in lowest terms.
    pub fn of(resolution: Resolution) -> Self {
        let (mut a, mut b) = (resolution.width.max(1), resolution.height.max(1));
        while b != 0 {
            (a, b) = (b, a % b);
        }
        Self {
            num: resolution.width.max(1) / a,
            den: resolution.height.max(1) / a,
        }
    }
}

impl fmt::Display for Aspect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.num.is_multiple_of(100) || self.den != 100 {
            write!(f, "{}:{}", self.num, self.den)
        } else {
            write!(f, "{}.{:02}:1", self.num / 100, self.num % 100)
        }
    }
}

impl FromStr for Aspect {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let shown: String = text.chars().take(24).collect();
        let bad =
            || format!("cannot read aspect ratio {shown:?}: expected W:H such as 16:9 or 2.39:1");
        let (w, h) = text.trim().split_once(':').ok_or_else(bad)?;
        let h: u32 = h.trim().parse().map_err(|_| bad())?;
        let w = w.trim();
        let aspect = match w.split_once('.') {
            Some((whole, frac)) if h == 1 && frac.len() <= 2 => {
                let whole: u32 = whole.parse().map_err(|_| bad())?;
                let frac: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
                Self {
                    num: whole
                        .checked_mul(100)
                        .and_then(|w| w.checked_add(frac))
                        .ok_or_else(bad)?,
                    den: 100,
                }
            }
            Some(_) => return Err(bad()),
            None => Self {
                num: w.parse().map_err(|_| bad())?,
                den: h,
            },
        };
        if aspect.num == 0 || aspect.den == 0 {
            return Err(format!("aspect ratio {shown:?} must be positive"));
        }
        if !(Self::MIN..=Self::MAX).contains(&aspect.as_f64()) {
            return Err(format!(
                "aspect ratio {shown:?} is outside {}:1 to {}:1",
                Self::MIN,
                Self::MAX
            ));
        }
        Ok(aspect)
    }
}

impl Serialize for Aspect {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Aspect {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aspect_round_trips() {
        for text in ["16:9", "4:3", "2.39:1", "1.85:1"] {
            let a: Aspect = text.parse().unwrap();
            assert_eq!(a.to_string(), text);
        }
        assert!((("2.39:1".parse::<Aspect>().unwrap()).as_f64() - 2.39).abs() < 1e-9);
        assert!("0:9".parse::<Aspect>().is_err());
        assert!("wide".parse::<Aspect>().is_err());
    }

    #[test]
    fn aspect_of_resolution_is_reduced() {
        let a = Aspect::of(Resolution {
            width: 1920,
            height: 1080,
        });
        assert_eq!((a.num, a.den), (16, 9));
    }
}

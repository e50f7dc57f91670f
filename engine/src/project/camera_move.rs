//! A camera move over one card ("Ken Burns"): where the camera looks in the
//! card's picture at its first frame and at its last, and how it eases
//! between them. The compositor draws it, so the preview, the export and
//! the gaps beside the card all see the moved frames.

use serde::{Deserialize, Serialize};

/// The rectangle of the card's picture the camera shows: its centre, how far
/// it is zoomed in, and a small turn. The picture is the card's picture
/// area (the film's frame, less any letterbox bars) as the card fills it
/// without a move.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Viewport {
    /// The centre, as fractions of the picture's width and height
    /// (`[0.5, 0.5]` is the middle).
    pub centre: [f32; 2],
    /// 1 shows the whole picture; 2 shows half of each side.
    pub zoom: f32,
    /// A turn of the camera in degrees, clockwise on the screen.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub turn_degrees: f32,
}

fn is_zero(v: &f32) -> bool {
    *v == 0.0
}

impl Viewport {
    /// The whole picture.
    pub const WHOLE: Viewport = Viewport {
        centre: [0.5, 0.5],
        zoom: 1.0,
        turn_degrees: 0.0,
    };
    /// The most a move may zoom in.
    pub const MAX_ZOOM: f32 = 8.0;
    /// The most a move may turn either way.
    pub const MAX_TURN_DEGREES: f32 = 45.0;

    /// Zoomed `zoom` times about the point `centre`, moved as little as
    /// needed for the rectangle to stay inside the picture.
    pub fn at(centre: [f32; 2], zoom: f32) -> Self {
        Viewport {
            centre,
            zoom,
            turn_degrees: 0.0,
        }
        .kept_inside()
    }

    /// The same rectangle, zoom limited to 1–[`Self::MAX_ZOOM`], the turn
    /// to ±[`Self::MAX_TURN_DEGREES`], and the centre moved so that the
    /// (unturned) rectangle stays inside the picture.
    pub fn kept_inside(self) -> Self {
        let zoom = if self.zoom.is_finite() {
            self.zoom.clamp(1.0, Self::MAX_ZOOM)
        } else {
            1.0
        };
        let half = 0.5 / zoom;
        let keep = |v: f32| {
            if v.is_finite() {
                v.clamp(half, 1.0 - half)
            } else {
                0.5
            }
        };
        let turn = if self.turn_degrees.is_finite() {
            self.turn_degrees
                .clamp(-Self::MAX_TURN_DEGREES, Self::MAX_TURN_DEGREES)
        } else {
            0.0
        };
        Viewport {
            centre: [keep(self.centre[0]), keep(self.centre[1])],
            zoom,
            turn_degrees: turn,
        }
    }

    /// Between `self` (at 0) and `other` (at 1). The zoom moves
    /// geometrically, so a push in seems to move at one speed.
    pub fn lerp(self, other: Viewport, t: f32) -> Viewport {
        let mix = |a: f32, b: f32| a + (b - a) * t;
        let zoom = (self.zoom.ln() + (other.zoom.ln() - self.zoom.ln()) * t).exp();
        Viewport {
            centre: [
                mix(self.centre[0], other.centre[0]),
                mix(self.centre[1], other.centre[1]),
            ],
            zoom,
            turn_degrees: mix(self.turn_degrees, other.turn_degrees),
        }
    }
}

/// How a move gathers and loses speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ease {
    /// At one speed throughout.
    Linear,
    /// Starts and ends gently.
    #[default]
    InOut,
    /// Starts gently.
    In,
    /// Ends gently.
    Out,
}

impl Ease {
    /// Every ease, in menu order.
    pub const ALL: [Ease; 4] = [Ease::InOut, Ease::Linear, Ease::In, Ease::Out];

    /// The ease's name in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Ease::Linear => "Linear",
            Ease::InOut => "Ease in and out",
            Ease::In => "Ease in",
            Ease::Out => "Ease out",
        }
    }

    /// How far along the move is at `t` (0–1) of its time.
    pub fn apply(self, t: f32) -> f32 {
        let t = t.clamp(0.0, 1.0);
        match self {
            Ease::Linear => t,
            Ease::InOut => t * t * (3.0 - 2.0 * t),
            Ease::In => t * t,
            Ease::Out => 1.0 - (1.0 - t) * (1.0 - t),
        }
    }
}

/// A card's camera move: the viewport at its first frame and at its last.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CameraMove {
    /// Where the camera looks at the card's first frame.
    pub start: Viewport,
    /// Where it looks at the card's last frame.
    pub end: Viewport,
    /// How it moves between them.
    #[serde(default)]
    pub ease: Ease,
}

/// The named moves the inspector offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MovePreset {
    /// From the whole picture in toward its middle.
    PushIn,
    /// From the middle out to the whole picture.
    PullOut,
    /// The camera turns left: the picture slides right.
    PanLeft,
    /// The camera turns right.
    PanRight,
    /// The camera tilts up.
    PanUp,
    /// The camera tilts down.
    PanDown,
}

impl MovePreset {
    /// Every preset, in menu order.
    pub const ALL: [MovePreset; 6] = [
        MovePreset::PushIn,
        MovePreset::PullOut,
        MovePreset::PanLeft,
        MovePreset::PanRight,
        MovePreset::PanUp,
        MovePreset::PanDown,
    ];

    /// The preset's name in the UI.
    pub fn label(self) -> &'static str {
        match self {
            MovePreset::PushIn => "Push in",
            MovePreset::PullOut => "Pull out",
            MovePreset::PanLeft => "Pan left",
            MovePreset::PanRight => "Pan right",
            MovePreset::PanUp => "Pan up",
            MovePreset::PanDown => "Pan down",
        }
    }

    /// The move: a push of 1.25×, pans across a 1.25× framing.
    pub fn camera_move(self) -> CameraMove {
        const ZOOM: f32 = 1.25;
        let edge = 0.5 / ZOOM;
        let (start, end) = match self {
            MovePreset::PushIn => (Viewport::WHOLE, Viewport::at([0.5, 0.5], ZOOM)),
            MovePreset::PullOut => (Viewport::at([0.5, 0.5], ZOOM), Viewport::WHOLE),
            MovePreset::PanLeft => (
                Viewport::at([1.0 - edge, 0.5], ZOOM),
                Viewport::at([edge, 0.5], ZOOM),
            ),
            MovePreset::PanRight => (
                Viewport::at([edge, 0.5], ZOOM),
                Viewport::at([1.0 - edge, 0.5], ZOOM),
            ),
            MovePreset::PanUp => (
                Viewport::at([0.5, 1.0 - edge], ZOOM),
                Viewport::at([0.5, edge], ZOOM),
            ),
            MovePreset::PanDown => (
                Viewport::at([0.5, edge], ZOOM),
                Viewport::at([0.5, 1.0 - edge], ZOOM),
            ),
        };
        CameraMove {
            start,
            end,
            ease: Ease::InOut,
        }
    }
}

impl CameraMove {
    /// Where the camera looks at frame `frame_in_card` of a card `duration`
    /// frames long: the start at its first frame, the end at its last.
    pub fn at(&self, frame_in_card: i64, duration: i64) -> Viewport {
        let t = if duration > 1 {
            frame_in_card.clamp(0, duration - 1) as f32 / (duration - 1) as f32
        } else {
            0.0
        };
        self.start.lerp(self.end, self.ease.apply(t))
    }

    /// The move in words, as a board or a list prints it: "push in 1.00×
    /// → 1.20×, pan left" (the ease named when it is not the usual ease in
    /// and out).
    pub fn describe(&self) -> String {
        let (a, b) = (self.start, self.end);
        let mut parts = Vec::new();
        if b.zoom > a.zoom * 1.01 {
            parts.push(format!("push in {:.2}× → {:.2}×", a.zoom, b.zoom));
        } else if b.zoom < a.zoom / 1.01 {
            parts.push(format!("pull out {:.2}× → {:.2}×", a.zoom, b.zoom));
        }
        let (dx, dy) = (b.centre[0] - a.centre[0], b.centre[1] - a.centre[1]);
        // The camera pans the way its centre moves.
        if dx.abs() > 0.01 {
            parts.push(if dx > 0.0 { "pan right" } else { "pan left" }.to_owned());
        }
        if dy.abs() > 0.01 {
            parts.push(if dy > 0.0 { "tilt down" } else { "tilt up" }.to_owned());
        }
        let turn = b.turn_degrees - a.turn_degrees;
        if turn.abs() > 0.05 {
            parts.push(format!("turn {turn:+.1}°"));
        }
        if parts.is_empty() {
            parts.push(format!("hold at {:.2}×", a.zoom));
        }
        if self.ease != Ease::InOut {
            parts.push(self.ease.label().to_lowercase());
        }
        parts.join(", ")
    }

    /// The most it zooms in, anywhere along it.
    pub fn max_zoom(&self) -> f32 {
        self.start.zoom.max(self.end.zoom)
    }

    /// What is wrong with it, if anything: a zoom, turn or centre out of
    /// range, or a number that is not one.
    pub fn problem(&self) -> Option<String> {
        for (name, v) in [("start", self.start), ("end", self.end)] {
            let numbers = [v.centre[0], v.centre[1], v.zoom, v.turn_degrees];
            if numbers.iter().any(|n| !n.is_finite()) {
                return Some(format!(
                    "its {name} framing has a number that is not finite"
                ));
            }
            if !(1.0..=Viewport::MAX_ZOOM).contains(&v.zoom) {
                return Some(format!(
                    "its {name} zoom is {}, outside 1 to {}",
                    v.zoom,
                    Viewport::MAX_ZOOM
                ));
            }
            if v.turn_degrees.abs() > Viewport::MAX_TURN_DEGREES {
                return Some(format!(
                    "its {name} turn is {}°, beyond ±{}°",
                    v.turn_degrees,
                    Viewport::MAX_TURN_DEGREES
                ));
            }
            if v.centre.iter().any(|c| !(0.0..=1.0).contains(c)) {
                return Some(format!(
                    "its {name} centre {:?} is outside the picture (0 to 1)",
                    v.centre
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_push_in_starts_whole_and_ends_zoomed_easing() {
        let push = MovePreset::PushIn.camera_move();
        assert_eq!(push.at(0, 48), Viewport::WHOLE);
        assert_eq!(push.at(47, 48).zoom, 1.25);
        assert_eq!(push.at(100, 48).zoom, 1.25, "past the end holds");
        // Eased: the first steps are smaller than the middle ones.
        let z = |f| push.at(f, 48).zoom;
        assert!(z(1) - z(0) < z(24) - z(23));
        assert_eq!(push.at(0, 1), Viewport::WHOLE, "a one-frame card");
        assert!(push.problem().is_none());
    }

    #[test]
    fn presets_stay_inside_the_picture() {
        for preset in MovePreset::ALL {
            let m = preset.camera_move();
            for v in [m.start, m.end] {
                assert_eq!(v, v.kept_inside(), "{preset:?}");
            }
            assert!(m.problem().is_none());
        }
        let pan = MovePreset::PanRight.camera_move();
        assert!(pan.start.centre[0] < pan.end.centre[0]);
        assert_eq!(pan.describe(), "pan right");
        assert_eq!(
            MovePreset::PushIn.camera_move().describe(),
            "push in 1.00× → 1.25×"
        );
        let linear = CameraMove {
            ease: Ease::Linear,
            ..MovePreset::PanUp.camera_move()
        };
        assert_eq!(linear.describe(), "tilt up, linear");
    }

    #[test]
    fn out_of_range_framings_are_named_and_can_be_brought_inside() {
        let bad = CameraMove {
            start: Viewport {
                zoom: 0.5,
                ..Viewport::WHOLE
            },
            end: Viewport::WHOLE,
            ease: Ease::Linear,
        };
        assert!(bad.problem().unwrap().contains("start zoom"));
        let kept = Viewport {
            centre: [0.0, 2.0],
            zoom: 2.0,
            turn_degrees: 90.0,
        }
        .kept_inside();
        assert_eq!(kept.centre, [0.25, 0.75]);
        assert_eq!(kept.turn_degrees, 45.0);
        let nan = Viewport {
            zoom: f32::NAN,
            ..Viewport::WHOLE
        };
        assert_eq!(nan.kept_inside().zoom, 1.0);
        assert!(
            CameraMove {
                start: nan,
                end: nan,
                ease: Ease::Linear
            }
            .problem()
            .is_some()
        );
    }
}

//! The editor's colours and sizes, in one place.

use eframe::egui::{Color32, CornerRadius, Stroke};

/// The ruler's height.
pub const RULER_HEIGHT: f32 = 28.0;
/// The story track's height.
pub const TRACK_HEIGHT: f32 = 64.0;
/// An audio lane's height.
pub const LANE_HEIGHT: f32 = 26.0;
/// Behind an audio lane.
pub const LANE_BACKGROUND: Color32 = Color32::from_rgb(36, 38, 44);
/// An audio clip.
pub const AUDIO_CLIP: Color32 = Color32::from_rgb(70, 110, 70);
/// An audio clip's waveform.
pub const WAVEFORM: Color32 = Color32::from_rgb(160, 210, 150);
/// How close (in points) to a card's edge a drag trims it.
pub const EDGE_GRAB: f32 = 10.0;
/// How far a trim handle reaches outside the card's edge, in points.
pub const EDGE_GRAB_OUTSIDE: f32 = 4.0;
/// How close (in points) a dragged edge snaps to another.
pub const SNAP_DISTANCE: f32 = 8.0;

/// Behind the tracks.
pub const TRACK_BACKGROUND: Color32 = Color32::from_rgb(30, 31, 35);
/// The ruler.
pub const RULER_BACKGROUND: Color32 = Color32::from_rgb(42, 44, 50);
/// Ruler ticks and labels.
pub const RULER_TEXT: Color32 = Color32::from_rgb(170, 172, 180);
/// A text card.
pub const TEXT_CARD: Color32 = Color32::from_rgb(74, 92, 140);
/// An image card.
pub const IMAGE_CARD: Color32 = Color32::from_rgb(60, 118, 96);
/// A clip card.
pub const CLIP_CARD: Color32 = Color32::from_rgb(136, 92, 60);
/// A card's label.
pub const CARD_TEXT: Color32 = Color32::from_rgb(235, 236, 240);
/// The outline of selected things.
pub const SELECTED: Stroke = Stroke {
    width: 2.0,
    color: Color32::from_rgb(250, 200, 70),
};
/// A gap that shows its draft crossfade.
pub const GAP_DRAFT: Color32 = Color32::from_rgb(70, 70, 76);
/// A gap whose frames are generated.
pub const GAP_READY: Color32 = Color32::from_rgb(58, 104, 130);
/// The part of a gap generated so far.
pub const GAP_PROGRESS: Color32 = Color32::from_rgb(96, 150, 190);
/// A gap whose generation failed.
pub const GAP_FAILED: Color32 = Color32::from_rgb(150, 60, 60);
/// The frame of a gap likely to ghost.
pub const GAP_GHOSTS: Color32 = Color32::from_rgb(230, 150, 40);
/// Markers on the ruler.
pub const MARKER: Color32 = Color32::from_rgb(120, 200, 240);
/// The playhead.
pub const PLAYHEAD: Color32 = Color32::from_rgb(240, 80, 70);
/// Behind the preview picture.
pub const PREVIEW_BACKGROUND: Color32 = Color32::from_rgb(12, 12, 14);
/// The safe-area guides.
pub const GUIDE: Color32 = Color32::from_rgba_premultiplied(120, 120, 120, 120);
/// Rounded corners of cards.
pub const CARD_RADIUS: CornerRadius = CornerRadius::same(4);

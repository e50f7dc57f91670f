//! The preview: the composited film frame in a texture the app owns, and
//! the transport controls under it.
//!
//! With the wgpu renderer the frame goes into one wgpu texture registered
//! with egui's renderer and is updated in place with `queue.write_texture`.
//! Without one (tests without a GPU, the glow renderer) it goes through an
//! egui texture instead, updated in place as well.

use eframe::egui::{self, Color32, Pos2, Rect, Sense, Stroke, TextureOptions, Ui, Vec2};
use eframe::egui_wgpu::{self, wgpu};
use image::RgbaImage;
use inbetween_engine::time::{FrameRate, Timecode};

use super::command::Command;
use super::theme;

/// Where the frames go.
enum Texture {
    Wgpu {
        texture: wgpu::Texture,
        id: egui::TextureId,
    },
    Egui(egui::TextureHandle),
}

/// The preview's texture and view options.
#[derive(Default)]
pub struct Preview {
    texture: Option<Texture>,
    size: (u32, u32),
    /// The film frame in the texture.
    pub shown_frame: Option<i64>,
    /// Draw the picture 1:1 instead of fitting it to the panel.
    pub actual_size: bool,
    /// Draw the title- and action-safe guides.
    pub safe_guides: bool,
    /// Draw where a picture of this aspect (width, height) would be.
    pub aspect_guide: Option<(u32, u32)>,
}

/// The aspect guides offered in the View menu.
pub const ASPECT_GUIDES: [(u32, u32, &str); 5] = [
    (239, 100, "2.39:1 (scope)"),
    (185, 100, "1.85:1"),
    (4, 3, "4:3"),
    (1, 1, "1:1"),
    (9, 16, "9:16 (vertical)"),
];

impl Preview {
    /// Puts `image` (film frame `frame`) into the texture.
    pub fn show_frame(
        &mut self,
        ctx: &egui::Context,
        render_state: Option<&egui_wgpu::RenderState>,
        image: &RgbaImage,
        frame: i64,
    ) {
        let size = image.dimensions();
        if self.size != size {
            self.free(render_state);
        }
        match (&self.texture, render_state) {
            (Some(Texture::Wgpu { texture, .. }), Some(rs)) => upload(&rs.queue, texture, image),
            (Some(Texture::Egui(handle)), _) => {
                let mut handle = handle.clone();
                handle.set(color_image(image), TextureOptions::LINEAR);
            }
            (None, Some(rs)) => {
                let texture = rs.device.create_texture(&wgpu::TextureDescriptor {
                    label: Some("preview frame"),
                    size: extent(size),
                    mip_level_count: 1,
                    sample_count: 1,
                    dimension: wgpu::TextureDimension::D2,
                    // What register_native_texture expects.
                    format: wgpu::TextureFormat::Rgba8Unorm,
                    usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
                    view_formats: &[],
                });
                let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
                let id = rs.renderer.write().register_native_texture(
                    &rs.device,
                    &view,
                    wgpu::FilterMode::Linear,
                );
                upload(&rs.queue, &texture, image);
                self.texture = Some(Texture::Wgpu { texture, id });
            }
            (Some(Texture::Wgpu { .. }), None) | (None, None) => {
                let handle =
                    ctx.load_texture("preview frame", color_image(image), TextureOptions::LINEAR);
                self.texture = Some(Texture::Egui(handle));
            }
        }
        self.size = size;
        self.shown_frame = Some(frame);
    }

    fn free(&mut self, render_state: Option<&egui_wgpu::RenderState>) {
        if let (Some(Texture::Wgpu { id, .. }), Some(rs)) = (&self.texture, render_state) {
            rs.renderer.write().free_texture(id);
        }
        self.texture = None;
    }

    /// Draws the picture, fitted (or 1:1) and centred, with the guides;
    /// where the film's frame is on the screen.
    pub fn picture_ui(&self, ui: &mut Ui, film_size: (u32, u32)) -> Rect {
        let (rect, _) = ui.allocate_exact_size(ui.available_size(), Sense::hover());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, theme::PREVIEW_BACKGROUND);
        let (w, h) = if self.texture.is_some() {
            self.size
        } else {
            film_size
        };
        let full = Vec2::new(w.max(1) as f32, h.max(1) as f32);
        let scale = if self.actual_size {
            1.0 / ui.ctx().pixels_per_point()
        } else {
            (rect.width() / full.x).min(rect.height() / full.y)
        };
        let picture = Rect::from_center_size(rect.center(), full * scale);
        let id = match &self.texture {
            Some(Texture::Wgpu { id, .. }) => Some(*id),
            Some(Texture::Egui(handle)) => Some(handle.id()),
            None => None,
        };
        match id {
            Some(id) => {
                let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
                painter.image(id, picture, uv, Color32::WHITE);
            }
            None => {
                painter.rect_filled(picture, 0.0, Color32::BLACK);
                painter.text(
                    picture.center(),
                    egui::Align2::CENTER_CENTER,
                    "Rendering…",
                    egui::FontId::proportional(14.0),
                    Color32::GRAY,
                );
            }
        }
        if let Some((w, h)) = self.aspect_guide {
            let ratio = w as f32 / h.max(1) as f32;
            let size = if picture.width() / picture.height() > ratio {
                Vec2::new(picture.height() * ratio, picture.height())
            } else {
                Vec2::new(picture.width(), picture.width() / ratio)
            };
            painter.rect_stroke(
                Rect::from_center_size(picture.center(), size),
                0.0,
                Stroke::new(1.5, theme::SELECTED.color),
                egui::StrokeKind::Inside,
            );
        }
        if self.safe_guides {
            for part in [0.9, 0.8] {
                painter.rect_stroke(
                    Rect::from_center_size(picture.center(), picture.size() * part),
                    0.0,
                    Stroke::new(1.0, theme::GUIDE),
                    egui::StrokeKind::Inside,
                );
            }
            let c = picture.center();
            painter.line_segment(
                [c - Vec2::X * 10.0, c + Vec2::X * 10.0],
                Stroke::new(1.0, theme::GUIDE),
            );
            painter.line_segment(
                [c - Vec2::Y * 10.0, c + Vec2::Y * 10.0],
                Stroke::new(1.0, theme::GUIDE),
            );
        }
        picture
    }
}

/// What the transport bar shows.
pub struct Transport {
    /// The playhead.
    pub frame: i64,
    /// The film's length.
    pub film_end: i64,
    /// The project's rate.
    pub rate: FrameRate,
    /// Playing?
    pub playing: bool,
    /// Speed (1 real time; negative backwards).
    pub speed: i32,
    /// Looping?
    pub looping: bool,
    /// Frames dropped in playback so far.
    pub dropped: u64,
    /// Why there is no sound (None: sound plays on the output device).
    pub no_sound: Option<String>,
}

/// The transport bar: buttons, timecode, loop, zoom and guides.
pub fn transport_ui(ui: &mut Ui, t: &Transport, preview: &mut Preview) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        let button =
            |ui: &mut Ui, text: &str, hint: &str, command: Command, out: &mut Vec<Command>| {
                if ui.button(text).on_hover_text(hint).clicked() {
                    out.push(command);
                }
            };
        button(ui, "|<", "Go to start (Home)", Command::GoToStart, &mut out);
        button(
            ui,
            "<",
            "Back one frame (Left arrow)",
            Command::StepFrames(-1),
            &mut out,
        );
        let play = if t.playing { "Pause" } else { "Play" };
        button(
            ui,
            play,
            "Play / pause (Space)",
            Command::TogglePlay,
            &mut out,
        );
        button(
            ui,
            ">",
            "Forward one frame (Right arrow)",
            Command::StepFrames(1),
            &mut out,
        );
        button(ui, ">|", "Go to end (End)", Command::GoToEnd, &mut out);
        let mut looping = t.looping;
        if ui.toggle_value(&mut looping, "Loop").clicked() {
            out.push(Command::ToggleLoop);
        }
        ui.separator();
        ui.monospace(format!(
            "{} / {}",
            Timecode::from_frames(t.frame, t.rate),
            Timecode::from_frames(t.film_end, t.rate)
        ));
        if t.playing && t.speed != 1 {
            ui.label(format!("{}×", t.speed));
        }
        ui.separator();
        ui.toggle_value(&mut preview.actual_size, "100%")
            .on_hover_text("Show the picture at its actual size instead of fitting it");
        ui.toggle_value(&mut preview.safe_guides, "Guides")
            .on_hover_text("Title- and action-safe areas");
        if t.dropped > 0 {
            ui.separator();
            ui.label(format!("{} frames dropped", t.dropped))
                .on_hover_text("Frames not rendered in time during playback were skipped");
        }
        ui.separator();
        // Always shown, so a silent playback is never a surprise.
        match &t.no_sound {
            None => {
                ui.label("Sound on")
                    .on_hover_text("Playing through the default sound output");
            }
            Some(reason) => {
                ui.colored_label(ui.visuals().warn_fg_color, "No sound")
                    .on_hover_text(reason);
            }
        }
    });
    out
}

fn extent((width, height): (u32, u32)) -> wgpu::Extent3d {
    wgpu::Extent3d {
        width,
        height,
        depth_or_array_layers: 1,
    }
}

fn upload(queue: &wgpu::Queue, texture: &wgpu::Texture, image: &RgbaImage) {
    let size = texture.size();
    queue.write_texture(
        wgpu::TexelCopyTextureInfo {
            texture,
            mip_level: 0,
            origin: wgpu::Origin3d::ZERO,
            aspect: wgpu::TextureAspect::All,
        },
        image.as_raw(),
        wgpu::TexelCopyBufferLayout {
            offset: 0,
            bytes_per_row: Some(4 * size.width),
            rows_per_image: Some(size.height),
        },
        size,
    );
}

fn color_image(image: &RgbaImage) -> egui::ColorImage {
    egui::ColorImage::from_rgba_unmultiplied(
        [image.width() as usize, image.height() as usize],
        image.as_raw(),
    )
}

//! The playhead each frame: the sound's clock leading the picture, the
//! sound starting and stopping with playback, and the frame shown in the
//! preview.

use std::time::{Duration, Instant};

use eframe::egui;

use super::EditorApp;

impl EditorApp {
    /// The playhead (0 with no project). While sound plays, its clock is
    /// the master: the picture follows the samples the sound device has taken.
    pub fn playhead(&mut self) -> i64 {
        let Some(session) = &mut self.session else {
            return 0;
        };
        let audio = match &self.sound {
            Some(sound) if self.sound_anchor == Some(session.playback.anchor()) => sound.clock(),
            _ => None,
        };
        session.playhead(audio)
    }

    /// Starts or stops the sound where playback (re)started or stopped.
    pub(super) fn sync_sound(&mut self) {
        let _ = self.playhead();
        let Some(session) = &self.session else {
            if let (Some(sound), Some(_)) = (&self.sound, self.sound_anchor.take()) {
                sound.stop();
            }
            return;
        };
        let anchor = session.playback.anchor();
        if Some(anchor) == self.sound_anchor {
            return;
        }
        self.sound_anchor = Some(anchor);
        let (rate, _) = session.film_clock();
        let Some(sound) = &self.sound else { return };
        let (_, frame, playing, speed) = anchor;
        if playing && speed == 1 {
            sound.play_from(rate.samples_at(frame, inbetween_engine::audio::SAMPLE_RATE));
        } else {
            sound.stop();
        }
    }

    pub(super) fn update_preview(
        &mut self,
        ctx: &egui::Context,
        frame: &eframe::Frame,
    ) -> Duration {
        let playhead = self.playhead();
        let Some(session) = &mut self.session else {
            return Duration::ZERO;
        };
        let Some(workers) = &session.workers else {
            return Duration::ZERO;
        };
        let (_, end) = session.film_clock();
        let playback = &mut session.playback;
        let looping = playback.looping.then(|| playback.range(end));
        workers
            .frames
            .want(playhead, i64::from(playback.speed().signum()), looping);
        let stamp = workers.frames.stamp();
        if self.preview.shown_frame == Some(playhead) && self.preview_stamp == stamp {
            return Duration::ZERO;
        }
        let Some(image) = workers.frames.get(playhead) else {
            return Duration::ZERO;
        };
        let started = Instant::now();
        self.preview
            .show_frame(ctx, frame.wgpu_render_state(), &image, playhead);
        self.preview_stamp = stamp;
        playback.shown(playhead);
        if playback.is_playing() {
            self.stats.frames_played += 1;
        }
        started.elapsed()
    }
}

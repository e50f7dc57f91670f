//! Decoded sound files, each decoded once and shared: a mixer is rebuilt at
//! every edit, the sound it plays is not decoded again.
//!
//! What is held is bounded: a file is decoded from its start to a little
//! past the last sample the project plays of it (never the rest of a long
//! file), and all the files held together are at most
//! [`SOUND_MAX_SECONDS`] of sound (1 GiB as stereo f32). A file that would
//! take the bank past that is refused, naming it, and is silent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{CHANNELS, SAMPLE_RATE};
use crate::media::{self, MediaError};
use crate::project::MediaRef;

/// The most decoded sound a bank holds, all files together: 45 minutes
/// (1.04 GB as 48 kHz stereo f32).
pub const SOUND_MAX_SECONDS: i64 = 45 * 60;

/// How far past what is asked for a file is decoded (or to its end), so
/// that lengthening a clip by a little does not decode its file again.
const DECODE_AHEAD_SAMPLES: i64 = 5 * 60 * SAMPLE_RATE as i64;

/// A sound file that could not be read, and who wanted it.
#[derive(Debug, Clone)]
pub struct SoundProblem {
    /// The card or clip that uses it ("card 3 (clip …)").
    pub user: String,
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub error: MediaError,
}

/// What the bank holds of one file.
struct Held {
    /// `None`: the file has no sound, or could not be read.
    samples: Option<Arc<[f32]>>,
    /// True when `samples` is the whole of the file's sound; otherwise it
    /// is its first part.
    whole: bool,
    /// The most of it asked for (stereo samples): what is held past that
    /// was decoded ahead, and is given back when room is needed.
    wanted: i64,
}

impl Held {
    /// Stereo samples held.
    fn len(&self) -> i64 {
        self.samples
            .as_ref()
            .map_or(0, |s| (s.len() / CHANNELS) as i64)
    }
}

/// How many stereo samples of sound the file at `path` says it has (a
/// second more, for headers that round down); i64::MAX when it cannot be
/// told.
fn file_samples(path: &Path) -> i64 {
    match media::probe(path) {
        Ok(info) if info.duration_seconds > 0.0 => {
            ((info.duration_seconds + 1.0) * f64::from(SAMPLE_RATE)).ceil() as i64
        }
        _ => i64::MAX,
    }
}

/// Sound files decoded to interleaved stereo f32 at 48 kHz, by path.
pub struct SoundBank {
    sounds: HashMap<PathBuf, Held>,
    problems: Vec<SoundProblem>,
    /// The most it holds, in stereo samples.
    budget: i64,
}

impl Default for SoundBank {
    fn default() -> Self {
        Self::with_budget_seconds(SOUND_MAX_SECONDS)
    }
}

impl SoundBank {
    /// A bank holding at most `seconds` of sound in all (the default holds
    /// [`SOUND_MAX_SECONDS`]).
    pub fn with_budget_seconds(seconds: i64) -> Self {
        Self {
            sounds: HashMap::new(),
            problems: Vec::new(),
            budget: seconds.max(0).saturating_mul(i64::from(SAMPLE_RATE)),
        }
    }

    /// The sound of `media` (relative to `folder`) from its start, at least
    /// its first `until` stereo samples where the file has them, decoding
    /// it the first time (and again only when more of it is wanted than is
    /// held). A file without sound is silent; one that cannot be read, or
    /// would take the bank past [`SOUND_MAX_SECONDS`], is silent too and
    /// recorded in [`Self::problems`].
    pub fn sound(
        &mut self,
        folder: &Path,
        media: &MediaRef,
        user: &str,
        until: i64,
    ) -> Option<Arc<[f32]>> {
        let path = media.resolve(folder);
        let until = until.max(0);
        let held_here = match self.sounds.get_mut(&path) {
            Some(held) if held.whole || held.len() >= until => {
                held.wanted = held.wanted.max(until);
                return held.samples.clone();
            }
            Some(held) => held.len(),
            None => 0,
        };
        let mut held_elsewhere = self.held_samples() - held_here;
        let mut needed = until;
        if needed > self.budget - held_elsewhere {
            // A clip may run on past its file's end (silence there): only
            // what the file has counts.
            needed = needed.min(file_samples(&path));
            self.give_back_ahead(&path);
            held_elsewhere = self.held_samples() - held_here;
        }
        let room = self.budget - held_elsewhere;
        if needed > room {
            let rate = i64::from(SAMPLE_RATE);
            self.refuse(
                user,
                &path,
                MediaError::SoundTooLong {
                    path: path.clone(),
                    seconds: (needed + rate - 1) / rate,
                    max_seconds: self.budget / rate,
                    held_seconds: held_elsewhere / rate,
                },
            );
            return None;
        }
        // Never past the room left: a file whose header says it is shorter
        // than it is is cut there.
        let ahead = until.saturating_add(DECODE_AHEAD_SAMPLES).min(room);
        let held = match media::decode_audio_until(&path, ahead as u64) {
            Ok(sound) => Held {
                samples: Some(Arc::from(sound.samples)),
                whole: sound.whole,
                wanted: until,
            },
            Err(MediaError::NoStream { .. }) => Held {
                samples: None,
                whole: true,
                wanted: 0,
            },
            Err(error) => {
                self.refuse(user, &path, error);
                Held {
                    samples: None,
                    whole: true,
                    wanted: 0,
                }
            }
        };
        let samples = held.samples.clone();
        self.sounds.insert(path, held);
        samples
    }

    /// What the bank holds, in stereo samples.
    fn held_samples(&self) -> i64 {
        self.sounds.values().map(Held::len).sum()
    }

    /// Cuts every file but `except` back to the most asked of it, giving
    /// back what was decoded ahead.
    fn give_back_ahead(&mut self, except: &Path) {
        for (path, held) in &mut self.sounds {
            let keep = usize::try_from(held.wanted).unwrap_or(usize::MAX);
            if path == except || held.len() <= held.wanted {
                continue;
            }
            if let Some(samples) = &held.samples {
                let part = samples.get(..keep * CHANNELS).unwrap_or(samples);
                held.samples = Some(Arc::from(part));
                held.whole = false;
            }
        }
    }

    fn refuse(&mut self, user: &str, path: &Path, error: MediaError) {
        self.problems.retain(|p| p.path != path);
        self.problems.push(SoundProblem {
            user: user.to_owned(),
            path: path.to_path_buf(),
            error,
        });
    }

    /// Puts already decoded sound in for `path` (tests, generated sound):
    /// the whole of that file's sound.
    pub fn insert(&mut self, path: PathBuf, samples: Vec<f32>) {
        self.sounds.insert(
            path,
            Held {
                wanted: (samples.len() / CHANNELS) as i64,
                samples: Some(Arc::from(samples)),
                whole: true,
            },
        );
    }

    /// Files that could not be read so far.
    pub fn problems(&self) -> &[SoundProblem] {
        &self.problems
    }

    /// Forgets a file (it changed on disk), so it is decoded again.
    pub fn forget(&mut self, path: &Path) {
        self.sounds.remove(path);
        self.problems.retain(|p| p.path != path);
    }
}

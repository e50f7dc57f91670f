//! Decoded sound files, each decoded once and shared: a mixer is rebuilt at
//! every edit, the sound it plays is not decoded again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::media::{self, MediaError};
use crate::project::MediaRef;

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

/// Sound files decoded to interleaved stereo f32 at 48 kHz, by path.
#[derive(Default)]
pub struct SoundBank {
    /// `None`: the file has no sound, or could not be read.
    sounds: HashMap<PathBuf, Option<Arc<[f32]>>>,
    problems: Vec<SoundProblem>,
}

impl SoundBank {
    /// The sound of `media` (relative to `folder`), decoding it the first
    /// time. A file without sound is silent; one that cannot be read is
    /// silent too and recorded in [`Self::problems`].
    pub fn sound(&mut self, folder: &Path, media: &MediaRef, user: &str) -> Option<Arc<[f32]>> {
        let path = media.resolve(folder);
        if let Some(known) = self.sounds.get(&path) {
            return known.clone();
        }
        let decoded = match media::decode_audio(&path) {
            Ok(samples) => Some(Arc::from(samples)),
            Err(MediaError::NoStream { .. }) => None,
            Err(error) => {
                self.problems.push(SoundProblem {
                    user: user.to_owned(),
                    path: path.clone(),
                    error,
                });
                None
            }
        };
        self.sounds.insert(path, decoded.clone());
        decoded
    }

    /// Puts already decoded sound in for `path` (tests, generated sound).
    pub fn insert(&mut self, path: PathBuf, samples: Vec<f32>) {
        self.sounds.insert(path, Some(Arc::from(samples)));
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

//! The content-addressed store of generated gap frames, in a project's
//! `.cache/gaps/` folder (disposable: deleting it costs only time).
//!
//! A gap's frames are filed under a key that hashes everything they depend
//! on: both boundary frames' pixels, the gap's settings, its length, the
//! frame size, and the model's id and version. An edit that changes a card
//! changes its boundary frames, so only the gaps beside it get new keys;
//! regenerating an unchanged gap finds its frames already there. Entries are
//! written to a temporary folder and renamed into place whole, so a cancelled
//! or failed generation never leaves a partial entry.

use std::fs;
use std::path::{Path, PathBuf};

use image::RgbaImage;

use serde::Serialize;

use crate::project::{AutoChoice, GapMode, GapRecipeRecord, GapSettings};

/// Where a project's generated gap frames live.
#[derive(Debug, Clone)]
pub struct GapCache {
    root: PathBuf,
}

/// Everything a gap's generated frames depend on.
pub struct GapRecipe<'a> {
    /// The last frame before the gap.
    pub before: &'a RgbaImage,
    /// The first frame after it.
    pub after: &'a RgbaImage,
    /// The gap's settings.
    pub settings: &'a GapSettings,
    /// How many frames the gap has.
    pub length_frames: i64,
    /// The model's id.
    pub model_id: &'a str,
    /// The model's version.
    pub model_version: u32,
    /// Whether the model reads the gap's prompt: a prompt it ignores is
    /// not part of the key, so editing it keeps the gap's frames.
    pub reads_prompts: bool,
}

/// What an entry's `recipe.json` holds, spelt as `project.json` spells it.
#[derive(Serialize)]
struct RecipeFile<'a> {
    model: &'a str,
    model_version: u32,
    mode: GapMode,
    /// Empty for models that do not read prompts.
    prompt: &'a str,
    seed: u64,
    take: u32,
    push: bool,
    length_frames: i64,
    size: [u32; 2],
}

impl GapRecipe<'_> {
    /// The entry's name: two 64-bit FNV-1a hashes (different seeds) of the
    /// recipe's description and both frames' pixels, in hex.
    pub fn key(&self) -> String {
        let description = self.describe();
        let mut a = Fnv(0xcbf2_9ce4_8422_2325);
        let mut b = Fnv(0x6c62_272e_07bb_0142);
        for h in [&mut a, &mut b] {
            h.write(description.as_bytes());
            h.write(self.before.as_raw());
            h.write(self.after.as_raw());
        }
        format!("{:016x}{:016x}", a.0, b.0)
    }

    /// The recipe as the project records it.
    pub fn record(&self) -> GapRecipeRecord {
        GapRecipeRecord {
            model: self.model_id.to_owned(),
            model_version: self.model_version,
            length_frames: self.length_frames,
            size: [self.before.width(), self.before.height()],
            key: self.key(),
        }
    }

    /// What the entry's `recipe.json` records, so a result can be traced
    /// (and what the key hashes besides the pixels).
    fn describe(&self) -> String {
        let s = self.settings;
        let file = RecipeFile {
            model: self.model_id,
            model_version: self.model_version,
            mode: s.mode,
            prompt: if self.reads_prompts { &s.prompt } else { "" },
            seed: s.seed,
            take: s.take,
            push: s.push,
            length_frames: self.length_frames,
            size: [self.before.width(), self.before.height()],
        };
        // A struct of plain fields always serialises; the fallback keeps the
        // key well defined all the same.
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }
}

struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
}

impl GapCache {
    /// The cache of the project stored in `folder`.
    pub fn for_project(folder: &Path) -> Self {
        Self {
            root: folder.join(".cache").join("gaps"),
        }
    }

    /// The folder the entries are filed in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A cache in `folder` itself (a shared cache for several machines:
    /// `inbetween fill --cache DIR`).
    pub fn at(folder: &Path) -> Self {
        Self {
            root: folder.to_path_buf(),
        }
    }

    fn entry(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    /// Forgets the frames filed under `key` (to make them again); there
    /// being none is fine.
    pub fn remove(&self, key: &str) -> std::io::Result<()> {
        match fs::remove_dir_all(self.entry(key)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// True when the gap with this key has all its frames.
    pub fn contains(&self, key: &str) -> bool {
        self.entry(key).join("recipe.json").is_file()
    }

    /// Frame `index` (0-based) of the gap with this key, if stored.
    pub fn frame(&self, key: &str, index: i64) -> Option<RgbaImage> {
        let path = self.entry(key).join(format!("{index:06}.png"));
        image::open(path).ok().map(|i| i.into_rgba8())
    }

    /// What the Auto mode chose for the gap with this key, when it was
    /// Auto's and its frames are stored.
    pub fn choice(&self, key: &str) -> Option<AutoChoice> {
        let text = fs::read(self.entry(key).join("choice.json")).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Stores a gap's frames, made one by one by `make(index)`, as one entry.
    /// `make` returning `None` (cancelled) abandons the entry; nothing
    /// partial is ever visible under the key.
    pub fn store(
        &self,
        recipe: &GapRecipe<'_>,
        make: impl FnMut(i64) -> Option<RgbaImage>,
    ) -> std::io::Result<bool> {
        self.store_with_choice(recipe, None, make)
    }

    /// [`GapCache::store`], keeping what Auto chose beside the frames
    /// (`choice.json`).
    pub fn store_with_choice(
        &self,
        recipe: &GapRecipe<'_>,
        choice: Option<&AutoChoice>,
        mut make: impl FnMut(i64) -> Option<RgbaImage>,
    ) -> std::io::Result<bool> {
        let key = recipe.key();
        fs::create_dir_all(&self.root)?;
        // Entries being filed by a process that was killed (the cache may
        // be shared by machines: only those long untouched).
        crate::project::litter::sweep_shared(&self.root);
        let temp = self
            .root
            .join(format!(".{key}.partial-{}", std::process::id()));
        let result = (|| {
            fs::create_dir_all(&temp)?;
            for index in 0..recipe.length_frames {
                let Some(frame) = make(index) else {
                    return Ok(false);
                };
                frame
                    .save_with_format(
                        temp.join(format!("{index:06}.png")),
                        image::ImageFormat::Png,
                    )
                    .map_err(std::io::Error::other)?;
            }
            if let Some(choice) = choice {
                let text = serde_json::to_vec_pretty(choice).map_err(std::io::Error::other)?;
                fs::write(temp.join("choice.json"), text)?;
            }
            // Written last: an entry is complete once it has its recipe.
            fs::write(temp.join("recipe.json"), recipe.describe())?;
            let entry = self.entry(&key);
            // Another process may have filed the same frames meanwhile (two
            // machines filling one shared cache): the same key is the same
            // frames, so theirs stands and ours goes.
            if self.contains(&key) {
                fs::remove_dir_all(&temp)?;
                return Ok(true);
            }
            if entry.exists() {
                // An entry without its recipe is a leftover: replace it.
                fs::remove_dir_all(&entry)?;
            }
            match fs::rename(&temp, &entry) {
                Ok(()) => Ok(true),
                Err(_) if self.contains(&key) => {
                    fs::remove_dir_all(&temp)?;
                    Ok(true)
                }
                Err(e) => Err(e),
            }
        })();
        if !matches!(result, Ok(true)) {
            let _ = fs::remove_dir_all(&temp);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipe<'a>(a: &'a RgbaImage, b: &'a RgbaImage, s: &'a GapSettings, n: i64) -> GapRecipe<'a> {
        GapRecipe {
            before: a,
            after: b,
            settings: s,
            length_frames: n,
            model_id: "motion",
            model_version: 2,
            reads_prompts: false,
        }
    }

    #[test]
    fn keys_change_with_every_input() {
        let (a, b) = (
            RgbaImage::new(4, 4),
            RgbaImage::from_pixel(4, 4, image::Rgba([1, 2, 3, 4])),
        );
        let s = GapSettings::default();
        let base = recipe(&a, &b, &s, 3).key();
        assert_eq!(base, recipe(&a, &b, &s, 3).key(), "stable");
        assert_ne!(base, recipe(&b, &a, &s, 3).key());
        assert_ne!(base, recipe(&a, &b, &s, 4).key());
        let seeded = GapSettings {
            seed: 1,
            ..GapSettings::default()
        };
        assert_ne!(base, recipe(&a, &b, &seeded, 3).key());
        let mut newer = recipe(&a, &b, &s, 3);
        newer.model_version = 3;
        assert_ne!(base, newer.key());
        // A prompt counts only for a model that reads it.
        let prompted = GapSettings {
            prompt: "the rabbit stretches".into(),
            ..GapSettings::default()
        };
        assert_eq!(base, recipe(&a, &b, &prompted, 3).key());
        let mut reading = recipe(&a, &b, &prompted, 3);
        reading.reads_prompts = true;
        let mut reading_none = recipe(&a, &b, &s, 3);
        reading_none.reads_prompts = true;
        assert_ne!(reading.key(), reading_none.key());
    }

    #[test]
    fn the_recipe_file_is_json_spelt_as_the_project_spells_it() {
        let (a, b) = (RgbaImage::new(4, 2), RgbaImage::new(4, 2));
        let s = GapSettings {
            mode: GapMode::CameraMove,
            prompt: "a \"quoted\" prompt".into(),
            ..GapSettings::default()
        };
        let mut r = recipe(&a, &b, &s, 3);
        r.reads_prompts = true;
        let file: serde_json::Value = serde_json::from_str(&r.describe()).unwrap();
        assert_eq!(
            file["mode"],
            serde_json::to_value(GapMode::CameraMove).unwrap()
        );
        assert_eq!(file["prompt"], "a \"quoted\" prompt");
        assert_eq!(file["size"], serde_json::json!([4, 2]));
        assert_eq!(file["length_frames"], 3);
    }

    #[test]
    fn a_key_another_process_filed_meanwhile_stands() {
        let dir = tempfile::tempdir().unwrap();
        let cache = GapCache::at(dir.path());
        let (a, b) = (RgbaImage::new(4, 4), RgbaImage::new(4, 4));
        let s = GapSettings::default();
        let r = recipe(&a, &b, &s, 2);
        let red = |_| Some(RgbaImage::from_pixel(4, 4, image::Rgba([200, 0, 0, 255])));
        assert!(cache.store(&r, red).unwrap());
        // The second writer makes its frames, finds the key taken, keeps it.
        let blue = |_| Some(RgbaImage::from_pixel(4, 4, image::Rgba([0, 0, 200, 255])));
        assert!(cache.store(&r, blue).unwrap());
        assert_eq!(cache.frame(&r.key(), 1).unwrap().get_pixel(0, 0)[0], 200);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no partial entry is left");
    }

    #[test]
    fn entries_appear_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let cache = GapCache::for_project(dir.path());
        let (a, b) = (
            RgbaImage::new(4, 4),
            RgbaImage::from_pixel(4, 4, image::Rgba([9, 9, 9, 255])),
        );
        let s = GapSettings::default();
        let r = recipe(&a, &b, &s, 3);
        // Cancelled after one frame: no entry, no leftovers.
        assert!(!cache.store(&r, |i| (i < 1).then(|| a.clone())).unwrap());
        assert!(!cache.contains(&r.key()));
        assert_eq!(
            std::fs::read_dir(dir.path().join(".cache/gaps"))
                .unwrap()
                .count(),
            0
        );
        assert!(
            cache
                .store(&r, |i| Some(RgbaImage::from_pixel(
                    4,
                    4,
                    image::Rgba([i as u8, 0, 0, 255])
                )))
                .unwrap()
        );
        assert!(cache.contains(&r.key()));
        assert_eq!(cache.frame(&r.key(), 2).unwrap().get_pixel(0, 0)[0], 2);
        assert!(cache.frame(&r.key(), 3).is_none());
    }
}

//! The compositor's scaled stills and title panels, kept by how recently
//! they were used, within a count and a byte budget: a project at 8192²
//! keeps two or so of 256 MB, a 720p one dozens.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use image::RgbaImage;

/// Pictures by key, the least recently used given back first.
pub(super) struct PictureCache<K> {
    entries: HashMap<K, (Arc<RgbaImage>, u64)>,
    clock: u64,
    bytes: usize,
    max_entries: usize,
    max_bytes: usize,
}

fn size(picture: &RgbaImage) -> usize {
    picture.as_raw().len()
}

impl<K: Hash + Eq + Clone> PictureCache<K> {
    /// An empty cache of at most `max_entries` pictures and `max_bytes`.
    pub(super) fn new(max_entries: usize, max_bytes: usize) -> Self {
        Self {
            entries: HashMap::new(),
            clock: 0,
            bytes: 0,
            max_entries,
            max_bytes,
        }
    }

    /// The picture kept for `key`, now the most recently used.
    pub(super) fn get(&mut self, key: &K) -> Option<Arc<RgbaImage>> {
        self.clock += 1;
        let clock = self.clock;
        self.entries.get_mut(key).map(|(picture, used)| {
            *used = clock;
            Arc::clone(picture)
        })
    }

    /// Keeps `picture` for `key`, giving back the least recently used until
    /// it fits (one larger than the whole budget is kept alone).
    pub(super) fn insert(&mut self, key: K, picture: Arc<RgbaImage>) {
        if let Some((old, _)) = self.entries.remove(&key) {
            self.bytes -= size(&old);
        }
        while !self.entries.is_empty()
            && (self.entries.len() >= self.max_entries
                || self.bytes + size(&picture) > self.max_bytes)
        {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone());
            if let Some((gone, _)) = oldest.and_then(|k| self.entries.remove(&k)) {
                self.bytes -= size(&gone);
            }
        }
        self.clock += 1;
        self.bytes += size(&picture);
        self.entries.insert(key, (picture, self.clock));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(side: u32) -> Arc<RgbaImage> {
        Arc::new(RgbaImage::new(side, side))
    }

    #[test]
    fn the_least_recently_used_goes_first_within_count_and_bytes() {
        // 10x10 RGBA is 400 bytes: three fit in 1200.
        let mut cache = PictureCache::new(8, 1200);
        for key in 0..3 {
            cache.insert(key, picture(10));
        }
        assert!(cache.get(&0).is_some());
        cache.insert(3, picture(10));
        // 1 was the least recently used; 0 was just used.
        assert!(cache.get(&1).is_none());
        for kept in [0, 2, 3] {
            assert!(cache.get(&kept).is_some(), "{kept}");
        }
        // One larger than the budget is kept, alone.
        cache.insert(9, picture(20));
        assert!(cache.get(&9).is_some());
        assert_eq!(cache.entries.len(), 1);
        assert_eq!(cache.bytes, 1600);
        // And by count.
        let mut cache = PictureCache::new(2, usize::MAX);
        for key in 0..3 {
            cache.insert(key, picture(1));
        }
        assert!(cache.get(&0).is_none() && cache.get(&2).is_some());
        // Keeping a key again replaces it, counted once.
        cache.insert(2, picture(1));
        assert_eq!(cache.bytes, 8);
    }
}

//! A value computed for one state of the project, kept until the state moves on.
//!
//! Panels show figures read from the file (the history, a room's occupants, the scenario
//! list); reading them every frame would cost a query per frame. Every write, undo and redo
//! moves the workspace's generation, so a value stored with the generation it was computed
//! for is current exactly while the generation is the same. The key may carry more than the
//! generation (the room whose occupants are shown, whether the check has run).
//!
//! ```
//! use officeplan::ui::ByGeneration;
//!
//! let mut reads = 0;
//! let mut history: ByGeneration<Vec<&str>> = ByGeneration::default();
//! history.get_or_insert_with(7, || { reads += 1; vec!["改名"] });
//! history.get_or_insert_with(7, || { reads += 1; vec!["改名"] });
//! assert_eq!(reads, 1); // same generation: read once
//! history.get_or_insert_with(8, || { reads += 1; vec!["改名", "合并"] });
//! assert_eq!(reads, 2); // an edit moved the generation: read again
//! ```

/// A value with the key (usually the workspace generation) it was computed for.
#[derive(Clone, Debug)]
pub struct ByGeneration<T, K = u64> {
    entry: Option<(K, T)>,
}

impl<T, K> Default for ByGeneration<T, K> {
    fn default() -> Self {
        Self { entry: None }
    }
}

impl<T, K: PartialEq> ByGeneration<T, K> {
    /// A cache holding `value` for `key` (a value computed elsewhere, e.g. on a job's thread).
    pub fn with(key: K, value: T) -> Self {
        Self {
            entry: Some((key, value)),
        }
    }

    /// The value for `key`, computed by `make` unless the one kept was computed for `key`.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> T) -> &T {
        let entry = match self.entry.take() {
            Some((k, value)) if k == key => (k, value),
            _ => (key, make()),
        };
        let (_, value) = self.entry.insert(entry);
        value
    }

    /// As [`Self::get_or_insert_with`], but a failure is handed back and nothing is kept, so
    /// the next call tries again.
    pub fn get_or_try_insert_with<E>(
        &mut self,
        key: K,
        make: impl FnOnce() -> Result<T, E>,
    ) -> Result<&T, E> {
        let entry = match self.entry.take() {
            Some((k, value)) if k == key => (k, value),
            _ => (key, make()?),
        };
        let (_, value) = self.entry.insert(entry);
        Ok(value)
    }

    /// The value if it was computed for `key`.
    pub fn get(&self, key: &K) -> Option<&T> {
        self.entry
            .as_ref()
            .filter(|(k, _)| k == key)
            .map(|(_, value)| value)
    }

    /// The value kept, whatever state it was computed for.
    pub fn last(&self) -> Option<&T> {
        self.entry.as_ref().map(|(_, value)| value)
    }

    /// Whether the value kept was computed for `key`.
    pub fn is_current(&self, key: &K) -> bool {
        self.entry.as_ref().is_some_and(|(k, _)| k == key)
    }

    /// Forgets the value (the file was read again, the language changed).
    pub fn clear(&mut self) {
        self.entry = None;
    }
}

#[cfg(test)]
mod tests {
    use super::ByGeneration;

    #[test]
    fn computes_once_per_generation() {
        let mut cache: ByGeneration<usize> = ByGeneration::default();
        let mut calls = 0;
        for _ in 0..3 {
            let v = *cache.get_or_insert_with(4, || {
                calls += 1;
                40
            });
            assert_eq!(v, 40);
        }
        assert_eq!(calls, 1);
        // An edit moves the generation to 5: the value is computed again.
        let v = *cache.get_or_insert_with(5, || {
            calls += 1;
            50
        });
        assert_eq!((v, calls), (50, 2));
        assert_eq!(cache.get(&4), None);
        assert_eq!(cache.get(&5), Some(&50));
    }

    #[test]
    fn a_composite_key_tells_rooms_apart() {
        // The occupants of room 1 at generation 9 are not those of room 2 at generation 9.
        let mut cache: ByGeneration<&str, (u8, u64)> = ByGeneration::default();
        assert_eq!(*cache.get_or_insert_with((1, 9), || "张三"), "张三");
        assert_eq!(*cache.get_or_insert_with((2, 9), || "李四"), "李四");
        assert!(cache.is_current(&(2, 9)));
        assert!(!cache.is_current(&(1, 9)));
    }

    #[test]
    fn a_failure_is_not_kept() {
        let mut cache: ByGeneration<u32> = ByGeneration::default();
        let failed: Result<&u32, &str> = cache.get_or_try_insert_with(3, || Err("busy"));
        assert_eq!(failed, Err("busy"));
        assert_eq!(cache.last(), None);
        assert_eq!(
            cache.get_or_try_insert_with(3, || Ok::<_, &str>(12)),
            Ok(&12)
        );
        // Current now: `make` is not called again.
        assert_eq!(
            cache.get_or_try_insert_with(3, || Err::<u32, _>("not called")),
            Ok(&12)
        );
    }

    #[test]
    fn clear_and_last() {
        let mut cache = ByGeneration::with(2, "二");
        assert_eq!(cache.last(), Some(&"二"));
        assert_eq!(cache.get(&3), None);
        assert_eq!(cache.last(), Some(&"二"));
        cache.clear();
        assert_eq!(cache.last(), None);
    }
}

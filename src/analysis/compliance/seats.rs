//! Seats: the rooms persons list, found among the project's rooms.
//!
//! Persons name rooms by UUID. With a million rooms and a few hundred thousand listed ones, a
//! single hash table probed in room order misses the cache on nearly every probe, so the
//! join is radix-partitioned: listed UUIDs and room UUIDs are split by hash into partitions
//! whose tables fit in cache and matched partition by partition. A bitset of the listed UUIDs'
//! hashes (a one-hash Bloom filter that fits in cache) keeps most unlisted rooms out; what the
//! checks need of a room is taken while the rooms are read in order.

use std::collections::hash_map::Entry;
use std::hash::BuildHasher as _;

use crate::model::{Person, Room, Uuid};
use crate::standards::SuiteRules;

/// Partitions: 2^8. With 200,000 listed rooms each partition's table is ~20 KB.
const PARTITION_BITS: u32 = 8;
const PARTITIONS: usize = 1 << PARTITION_BITS;

/// Bits of the prefilter: 2^20 (128 KB, well inside a core's L2), about 19 % set for 200,000
/// listed rooms.
const FILTER_BITS: u32 = 20;

fn filter_bit(hash: u64) -> (usize, u64) {
    let bit = (hash & ((1 << FILTER_BITS) - 1)) as usize;
    (bit / 64, 1 << (bit % 64))
}

fn partition(hash: u64) -> usize {
    (hash >> (64 - PARTITION_BITS)) as usize
}

/// A room's part in a leader's suite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Suite {
    Office,
    RestRoom,
    Toilet,
}

/// What the person checks need of a listed room.
#[derive(Clone, Copy, Debug)]
pub(super) struct Seat {
    /// Index into the project's rooms.
    pub(super) index: usize,
    pub(super) area_m2: f64,
    pub(super) suite: Suite,
    /// The unit holding the room, when exactly one known unit does (index into the units).
    pub(super) unit: Option<usize>,
}

/// Listed rooms ("seats"), with how many persons list each. Each person's room references are
/// resolved to seat slots once, so the checks after that do no hashing.
pub(super) struct Seats {
    hasher: foldhash::fast::FixedState,
    /// Bits set for the listed UUIDs' hashes.
    filter: Vec<u64>,
    /// Per partition: UUID → slot.
    slots: Vec<foldhash::HashMap<Uuid, usize>>,
    /// Per partition: rooms offered during the pass that passed the filter, with their facts.
    offered: Vec<Vec<(Uuid, Seat)>>,
    /// Person `p`'s seats are `person_slots[starts[p]..starts[p + 1]]`.
    person_slots: Vec<usize>,
    starts: Vec<usize>,
    /// Slot → how many persons list the room (counted at the slot of its first listing).
    listers: Vec<u32>,
    /// Slot → the room (`None`: not among the project's rooms, or not a first listing).
    seats: Vec<Option<Seat>>,
}

impl Seats {
    /// The seats of every person. Then offer every room ([`Seats::offer`]) and
    /// [`Seats::resolve`].
    pub(super) fn new(persons: &[Person], rooms: usize) -> Self {
        let hasher = foldhash::fast::FixedState::with_seed(0x6f66_6669_6365);
        let listed: usize = persons.iter().map(|p| p.rooms.len()).sum();
        // The mean load: hash tables round up to a power of two, so slack here would double
        // their size; the few partitions above the mean grow once.
        let per_partition = listed / PARTITIONS + 1;
        let mut slots: Vec<foldhash::HashMap<Uuid, usize>> = (0..PARTITIONS)
            .map(|_| foldhash::HashMap::with_capacity_and_hasher(per_partition, Default::default()))
            .collect();
        let filter_words = if listed == 0 {
            0
        } else {
            1 << (FILTER_BITS - 6)
        };
        let mut filter = vec![0u64; filter_words];
        // Split the listed rooms by partition first (in person order), then give out slots
        // partition by partition, so that each partition's table is built while in cache.
        let mut pending: Vec<Vec<(Uuid, usize)>> = (0..PARTITIONS)
            .map(|_| Vec::with_capacity(per_partition + per_partition / 4))
            .collect();
        let mut starts = Vec::with_capacity(persons.len() + 1);
        let mut position = 0;
        for person in persons {
            starts.push(position);
            for room in &person.rooms {
                let hash = hasher.hash_one(room);
                let (word, bit) = filter_bit(hash);
                if let Some(w) = filter.get_mut(word) {
                    *w |= bit;
                }
                if let Some(list) = pending.get_mut(partition(hash)) {
                    list.push((*room, position));
                }
                position += 1;
            }
        }
        starts.push(position);
        // A seat is numbered by the position of its first listing: most persons' seats are
        // then their own positions, read in order; repeated listings point back.
        let mut person_slots: Vec<usize> = (0..position).collect();
        let mut listers: Vec<u32> = vec![1; position];
        for (map, list) in slots.iter_mut().zip(&pending) {
            for (room, position) in list {
                match map.entry(*room) {
                    Entry::Vacant(vacant) => {
                        vacant.insert(*position);
                    }
                    Entry::Occupied(first) => {
                        let first = *first.get();
                        if let Some(n) = listers.get_mut(first) {
                            *n += 1;
                        }
                        if let Some(s) = person_slots.get_mut(*position) {
                            *s = first;
                        }
                    }
                }
            }
        }
        // Listed rooms and about a fifth of the others pass the filter.
        let expected = listed + rooms / 5;
        let offered_per_partition = if listed == 0 {
            0
        } else {
            expected / PARTITIONS + expected / (4 * PARTITIONS) + 8
        };
        Self {
            hasher,
            filter,
            slots,
            offered: (0..PARTITIONS)
                .map(|_| Vec::with_capacity(offered_per_partition))
                .collect(),
            person_slots,
            starts,
            seats: vec![None; listers.len()],
            listers,
        }
    }

    /// Offers room `index`, in room order, while it is in cache: if it may be listed, its
    /// facts are kept for [`Seats::resolve`]. `unit_of` gives a unit's index.
    pub(super) fn offer(
        &mut self,
        room: &Room,
        index: usize,
        area_m2: f64,
        suite: Option<&SuiteRules>,
        unit_of: impl Fn(&Uuid) -> Option<usize>,
    ) {
        if self.listers.is_empty() {
            return;
        }
        let hash = self.hasher.hash_one(room.uuid);
        let (word, bit) = filter_bit(hash);
        if self.filter.get(word).is_some_and(|w| w & bit != 0)
            && let Some(list) = self.offered.get_mut(partition(hash))
        {
            let part = match suite {
                Some(s) if s.is_toilet(&room.sub_use) => Suite::Toilet,
                Some(s) if s.is_rest_room(&room.sub_use) => Suite::RestRoom,
                _ => Suite::Office,
            };
            let unit = match room.units.as_slice() {
                [only] => unit_of(only),
                _ => None,
            };
            list.push((
                room.uuid,
                Seat {
                    index,
                    area_m2,
                    suite: part,
                    unit,
                },
            ));
        }
    }

    /// Matches the offered rooms with the seats, partition by partition.
    pub(super) fn resolve(&mut self) {
        for (map, offered) in self.slots.iter().zip(&mut self.offered) {
            for (uuid, seat) in offered.drain(..) {
                if let Some(slot) = map.get(&uuid).and_then(|s| self.seats.get_mut(*s)) {
                    *slot = Some(seat);
                }
            }
        }
    }

    /// Number of slots (listings; a room listed twice has one seat at its first slot).
    pub(super) fn len(&self) -> usize {
        self.seats.len()
    }

    /// The room of a seat, if it was found.
    pub(super) fn seat(&self, slot: usize) -> Option<Seat> {
        self.seats.get(slot).copied().flatten()
    }

    /// How many persons list the seat.
    pub(super) fn listers(&self, slot: usize) -> u32 {
        self.listers.get(slot).copied().unwrap_or(0)
    }

    /// The seats of person `person`.
    pub(super) fn of_person(&self, person: usize) -> &[usize] {
        match (self.starts.get(person), self.starts.get(person + 1)) {
            (Some(a), Some(b)) => self.person_slots.get(*a..*b).unwrap_or(&[]),
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PersonStatus, Project, RoomCategory, RoomStatus};
    use geo::polygon;

    fn room(n: u128, sub_use: &str, units: Vec<Uuid>) -> Room {
        Room {
            uuid: Uuid::from_u128(n),
            floor: Uuid::nil(),
            number: n.to_string(),
            name: String::new(),
            category: RoomCategory::Office,
            sub_use: sub_use.to_owned(),
            status: RoomStatus::InUse,
            status_since: None,
            polygon: polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0)],
            surveyed_area_m2: None,
            units,
            note: String::new(),
        }
    }

    fn person(rooms: &[u128]) -> Person {
        Person {
            uuid: Uuid::nil(),
            name: String::new(),
            grade: crate::model::Grade::Clerk,
            title: String::new(),
            unit: Uuid::nil(),
            status: PersonStatus::InPost,
            status_date: None,
            concurrent: Vec::new(),
            rooms: rooms.iter().map(|n| Uuid::from_u128(*n)).collect(),
            second_office_approval: String::new(),
            second_office_approval_date: None,
            rank: String::new(),
            rank_only: false,
            party_government_head: false,
        }
    }

    #[test]
    fn listed_rooms_are_found_with_their_listers() {
        let unit = Uuid::from_u128(900);
        let mut project = Project::default();
        // 2000 rooms so that every partition sees some; persons list rooms 7, 1500, 7 and 5000
        // (no such room).
        for n in 0..2000 {
            let sub_use = if n == 1500 {
                "卫生间"
            } else {
                "一般办公室"
            };
            project.rooms.push(room(n, sub_use, vec![unit]));
        }
        project.persons = vec![person(&[7, 1500]), person(&[]), person(&[7, 5000])];
        let areas: Vec<f64> = (0..2000).map(|n| n as f64).collect();
        let mut seats = Seats::new(&project.persons, project.rooms.len());
        let set = crate::standards::StandardSet::shipped("cn-2014").unwrap();
        for (i, r) in project.rooms.iter().enumerate() {
            seats.offer(r, i, areas[i], set.suite.as_ref(), |u| {
                (*u == unit).then_some(3)
            });
        }
        seats.resolve();

        // Four listings, three distinct rooms: the second listing of room 7 points to the first.
        assert_eq!(seats.len(), 4);
        let [a, toilet] = seats.of_person(0) else {
            panic!("two seats")
        };
        assert!(seats.of_person(1).is_empty());
        let [again, missing] = seats.of_person(2) else {
            panic!("two seats")
        };
        assert_eq!(a, again);
        assert_eq!((seats.listers(*a), seats.listers(*toilet)), (2, 1));
        let seat = seats.seat(*a).unwrap();
        assert_eq!((seat.index, seat.area_m2, seat.unit), (7, 7.0, Some(3)));
        assert_eq!(seats.seat(*toilet).unwrap().suite, Suite::Toilet);
        assert!(seats.seat(*missing).is_none());
    }
}

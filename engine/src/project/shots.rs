//! Shot numbers: handed out in film order (1, 2, 3…), a card made between
//! two numbered ones taking the first's number and a letter (2A, then 2B),
//! so numbers already on paper never move; kept once the user types one;
//! renumbered on request.

use std::collections::HashSet;

use super::{CardId, Project};

/// The leading whole number of a shot number ("12B" → 12), if it has one.
fn leading_number(shot: &str) -> Option<u64> {
    let digits: String = shot.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The shot number for a card between `before` and `after` (film order;
/// None at either end), not one of `taken`.
pub fn number_between(
    before: Option<&str>,
    after: Option<&str>,
    taken: &HashSet<String>,
) -> String {
    let free = |s: &String| !taken.contains(s);
    let highest = taken.iter().filter_map(|s| leading_number(s)).max();
    let next_whole = |n: u64| -> Option<String> {
        let candidate = (n + 1).to_string();
        let room = match after.and_then(leading_number) {
            Some(limit) => n + 1 < limit,
            None => true,
        };
        (room && free(&candidate)).then_some(candidate)
    };
    match before {
        None => {
            // The first card: 1, unless the card after is 1 already.
            let one = "1".to_owned();
            match after.and_then(leading_number) {
                Some(limit) if limit > 1 && free(&one) => one,
                None if free(&one) => one,
                _ => lettered("0", taken),
            }
        }
        Some(before) => match leading_number(before) {
            Some(n) => {
                if after.is_none() {
                    // The end of the film: after the highest number used.
                    let n = highest.map_or(n, |h| h.max(n));
                    if let Some(s) = next_whole(n) {
                        return s;
                    }
                }
                next_whole(n).unwrap_or_else(|| lettered(&n.to_string(), taken))
            }
            None => lettered(before, taken),
        },
    }
}

/// `base` with the first letter (A, B, … Z, then AA…) that makes a number
/// not in `taken`.
fn lettered(base: &str, taken: &HashSet<String>) -> String {
    let letters = |mut i: usize| {
        let mut s = String::new();
        loop {
            s.insert(0, char::from(b'A' + (i % 26) as u8));
            if i < 26 {
                return s;
            }
            i = i / 26 - 1;
        }
    };
    (0..)
        .map(|i| format!("{base}{}", letters(i)))
        .find(|s| !taken.contains(s))
        .unwrap_or_else(|| format!("{base}?"))
}

/// Gives a shot number to every card that lacks one or shares one with a
/// card of `kept` (the cards that were there before: they keep theirs), in
/// film order. `project.cards` must be sorted.
pub fn settle(project: &mut Project, kept: &HashSet<CardId>) {
    let mut taken: HashSet<String> = project
        .cards
        .iter()
        .filter(|c| kept.contains(&c.id) && !c.board.shot.is_empty())
        .map(|c| c.board.shot.clone())
        .collect();
    for i in 0..project.cards.len() {
        let card = &project.cards[i];
        let fine = !card.board.shot.is_empty()
            && (kept.contains(&card.id) || !taken.contains(&card.board.shot));
        if fine {
            taken.insert(card.board.shot.clone());
            continue;
        }
        let before = i
            .checked_sub(1)
            .map(|j| project.cards[j].board.shot.as_str());
        let after = project.cards[i + 1..]
            .iter()
            .map(|c| c.board.shot.as_str())
            .find(|s| !s.is_empty() && taken.contains(*s));
        let shot = number_between(before.filter(|s| !s.is_empty()), after, &taken);
        taken.insert(shot.clone());
        let board = &mut project.cards[i].board;
        board.shot = shot;
        board.shot_set = false;
    }
}

/// Numbers the cards 1, 2, 3… in film order, skipping the numbers the
/// user typed (those cards keep theirs and the count goes on past them
/// when they are whole numbers).
pub fn renumber(project: &mut Project) {
    let typed: HashSet<String> = project
        .cards
        .iter()
        .filter(|c| c.board.shot_set)
        .map(|c| c.board.shot.clone())
        .collect();
    let mut n = 0u64;
    for card in &mut project.cards {
        if card.board.shot_set {
            if let Some(k) = leading_number(&card.board.shot)
                && card.board.shot == k.to_string()
            {
                n = n.max(k);
            }
            continue;
        }
        n += 1;
        while typed.contains(&n.to_string()) {
            n += 1;
        }
        card.board.shot = n.to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taken(shots: &[&str]) -> HashSet<String> {
        shots.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_card_between_two_and_three_is_two_a_then_two_b() {
        let t = taken(&["1", "2", "3"]);
        assert_eq!(number_between(Some("2"), Some("3"), &t), "2A");
        let t = taken(&["1", "2", "2A", "3"]);
        assert_eq!(number_between(Some("2A"), Some("3"), &t), "2B");
        assert_eq!(number_between(Some("2"), Some("2A"), &t), "2B");
    }

    #[test]
    fn the_end_of_the_film_takes_the_next_whole_number() {
        assert_eq!(number_between(None, None, &taken(&[])), "1");
        assert_eq!(
            number_between(Some("3"), None, &taken(&["1", "2", "3"])),
            "4"
        );
        // After the highest used, even if the last card is lower.
        assert_eq!(
            number_between(Some("2"), None, &taken(&["1", "7", "2"])),
            "8"
        );
        // Room between 2 and 5: 3.
        assert_eq!(
            number_between(Some("2"), Some("5"), &taken(&["2", "5"])),
            "3"
        );
        // Before the first card.
        assert_eq!(number_between(None, Some("1"), &taken(&["1"])), "0A");
        assert_eq!(number_between(None, Some("4"), &taken(&["4"])), "1");
        // Numbers that are not numbers take letters.
        assert_eq!(number_between(Some("X"), None, &taken(&["X"])), "XA");
    }

    #[test]
    fn letters_run_past_z() {
        let mut t = taken(&["2"]);
        for c in b'A'..=b'Z' {
            t.insert(format!("2{}", char::from(c)));
        }
        assert_eq!(lettered("2", &t), "2AA");
    }
}

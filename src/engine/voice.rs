//! How a phone customer sounds: the mood becomes a tone of voice for the
//! browser's speech synthesis. An angry caller speaks faster and higher, a
//! calm and trusting one slower and lower. Kept in the core (no web-sys) so
//! the mapping is tested natively; the page only hands it to the browser.

use crate::scenario::Mood;

/// Speech parameters in the Web Speech API's ranges (rate 0.1–10, pitch 0–2,
/// volume 0–1); the values used stay well inside what every voice renders.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tone {
    pub rate: f32,
    pub pitch: f32,
    pub volume: f32,
}

impl Tone {
    /// Anger speeds the voice up (to 1.25×) and raises it (to pitch 1.3);
    /// trust, when anger is low, slows it slightly. Linear, so the tone
    /// follows the meters the trainee sees.
    pub fn for_mood(mood: Mood) -> Tone {
        let anger = f32::from(mood.anger.min(100)) / 100.0;
        let trust = f32::from(mood.trust.min(100)) / 100.0;
        let calm = (1.0 - anger) * trust;
        Tone {
            rate: 0.95 + 0.30 * anger - 0.05 * calm,
            pitch: 1.0 + 0.30 * anger - 0.10 * calm,
            volume: 1.0,
        }
    }
}

/// The BCP 47 tag a line is spoken in.
pub fn speech_lang(lang: crate::i18n::Lang) -> &'static str {
    match lang {
        crate::i18n::Lang::Zh => "zh-CN",
        crate::i18n::Lang::En => "en-US",
    }
}

/// Whether an installed voice (its BCP 47 tag, e.g. `zh-CN`, `zh_TW`,
/// `en-GB`) can speak a line in `lang`: same primary language.
pub fn voice_speaks(voice_lang: &str, lang: crate::i18n::Lang) -> bool {
    let primary = voice_lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    primary == speech_lang(lang).split('-').next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn an_angry_caller_speaks_faster_and_higher_than_a_calm_one() {
        let angry = Tone::for_mood(Mood {
            anger: 90,
            trust: 10,
        });
        let calm = Tone::for_mood(Mood {
            anger: 5,
            trust: 80,
        });
        assert!(
            angry.rate > calm.rate && angry.pitch > calm.pitch,
            "{angry:?} {calm:?}"
        );
        for mood in [
            Mood { anger: 0, trust: 0 },
            Mood {
                anger: 100,
                trust: 100,
            },
            Mood {
                anger: 255,
                trust: 255,
            },
        ] {
            let t = Tone::for_mood(mood);
            assert!(
                (0.8..=1.3).contains(&t.rate) && (0.8..=1.35).contains(&t.pitch),
                "{mood:?} → {t:?}"
            );
        }
    }

    #[test]
    fn voices_match_by_primary_language() {
        assert!(voice_speaks("zh-CN", Lang::Zh));
        assert!(voice_speaks("zh_TW", Lang::Zh));
        assert!(voice_speaks("en-GB", Lang::En));
        assert!(!voice_speaks("en-US", Lang::Zh));
        assert!(!voice_speaks("", Lang::En));
    }
}

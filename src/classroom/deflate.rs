//! Results codes are deflated before base64: a results file repeats the same
//! keys, rule ids and messages turn after turn, so raw deflate makes the code
//! several times shorter (figures in the README). Inflating is bounded: the
//! output stops at the limit, so a small "zip bomb" code cannot make the page
//! allocate or work past it.

use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};

/// Why a deflated code could not be inflated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InflateError {
    /// The output would exceed the limit (it was not inflated further).
    TooLarge,
    /// Not a deflate stream, or cut short.
    Damaged,
}

/// Raw deflate (no zlib header: the results carry their own checksum).
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(bytes, 9)
}

/// Inflate at most `limit` bytes; anything longer is refused as soon as the
/// limit is reached.
pub fn inflate(bytes: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    decompress_to_vec_with_limit(bytes, limit).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => InflateError::TooLarge,
        _ => InflateError::Damaged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bounds() {
        let text = "同理心 empathy ".repeat(1000);
        let packed = deflate(text.as_bytes());
        assert!(packed.len() * 10 < text.len());
        assert_eq!(inflate(&packed, text.len()).unwrap(), text.as_bytes());
        assert_eq!(
            inflate(&packed, text.len() - 1),
            Err(InflateError::TooLarge)
        );
        assert_eq!(inflate(b"\xff\xff\xff", 100), Err(InflateError::Damaged));
        let mut cut = packed.clone();
        cut.truncate(packed.len() / 2);
        assert_eq!(inflate(&cut, text.len()), Err(InflateError::Damaged));
    }

    /// 20 MB of zeros deflate to a few KB; inflating stops at the 2 MB limit.
    #[test]
    fn a_bomb_stops_at_the_limit() {
        let zeros = vec![0u8; 20_000_000];
        let bomb = deflate(&zeros);
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        assert_eq!(inflate(&bomb, 2_000_000), Err(InflateError::TooLarge));
    }
}

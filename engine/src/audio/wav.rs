//! Sound written as a WAV file: 16-bit PCM, 48 kHz, stereo (what every
//! program reads).

use std::io::{self, Write};

use super::{CHANNELS, SAMPLE_RATE};

/// Writes interleaved stereo `samples` (-1 to 1) to `out` as a WAV file.
pub fn write_wav(out: &mut impl Write, samples: &[f32]) -> io::Result<()> {
    write_wav_header(out, samples.len() as u64)?;
    write_wav_samples(out, samples)?;
    out.flush()
}

/// Writes a WAV file's header for `samples` interleaved samples to come
/// (then [`write_wav_samples`], in as many blocks as wanted).
pub fn write_wav_header(out: &mut impl Write, samples: u64) -> io::Result<()> {
    let bytes_per_sample = 2u32;
    let data_len = samples
        .checked_mul(u64::from(bytes_per_sample))
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| n.checked_add(36).is_some())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "too long for a WAV file (4 GB)",
            )
        })?;
    let block = CHANNELS as u32 * bytes_per_sample;
    out.write_all(b"RIFF")?;
    out.write_all(&(36 + data_len).to_le_bytes())?;
    out.write_all(b"WAVEfmt ")?;
    out.write_all(&16u32.to_le_bytes())?;
    out.write_all(&1u16.to_le_bytes())?; // PCM
    out.write_all(&(CHANNELS as u16).to_le_bytes())?;
    out.write_all(&SAMPLE_RATE.to_le_bytes())?;
    out.write_all(&(SAMPLE_RATE * block).to_le_bytes())?;
    out.write_all(&(block as u16).to_le_bytes())?;
    out.write_all(&16u16.to_le_bytes())?;
    out.write_all(b"data")?;
    out.write_all(&data_len.to_le_bytes())
}

/// Writes a block of interleaved samples after [`write_wav_header`].
pub fn write_wav_samples(out: &mut impl Write, samples: &[f32]) -> io::Result<()> {
    let mut buffer = Vec::with_capacity(64 * 1024);
    for chunk in samples.chunks(32 * 1024) {
        buffer.clear();
        for s in chunk {
            let value = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
            buffer.extend_from_slice(&value.to_le_bytes());
        }
        out.write_all(&buffer)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_and_samples_are_what_a_reader_expects() {
        let mut bytes = Vec::new();
        write_wav(&mut bytes, &[0.0, 1.0, -1.0, 0.5]).unwrap();
        assert_eq!(&bytes[..4], b"RIFF");
        assert_eq!(u32::from_le_bytes(bytes[4..8].try_into().unwrap()), 36 + 8);
        assert_eq!(&bytes[8..16], b"WAVEfmt ");
        assert_eq!(
            u32::from_le_bytes(bytes[24..28].try_into().unwrap()),
            48_000
        );
        assert_eq!(&bytes[36..40], b"data");
        let samples: Vec<i16> = bytes[44..]
            .chunks(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        assert_eq!(samples, [0, 32767, -32767, 16384]);
    }
}

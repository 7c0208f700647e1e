//! Opening a network file for its reader: gzip undone on the fly, whatever the file's name.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use crate::error::DataError;

/// The first two bytes of every gzip member (RFC 1952 §2.3.1).
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A gzip trailer's decompressed size is believed, for making room for the records, up to
/// this many times the compressed size (CSV of ids and coordinates compresses 3–4×): a
/// corrupt or hostile trailer makes the reader reserve no more than for a plain file that
/// many times larger.
const MAX_BELIEVED_RATIO: u64 = 32;

/// A file (or any reader) opened for reading.
pub(crate) struct Input<'a> {
    /// Its contents, decompressed as they are read when the file is gzip.
    pub(crate) reader: Box<dyn Read + 'a>,
    /// Its name for messages.
    pub(crate) name: String,
    /// Its size in bytes when known at once, to make room for its records.
    pub(crate) size: Option<u64>,
}

impl<'a> Input<'a> {
    /// A reader named `name` for messages, of unknown size.
    pub(crate) fn of(reader: impl Read + 'a, name: &str) -> Input<'a> {
        Input {
            reader: Box::new(reader),
            name: name.to_string(),
            size: None,
        }
    }
}

/// Opens a file. A gzip file (known by its first bytes, so `.csv.gz`, `.geojson.gz` or any
/// other name) is decompressed as it is read, every member of it, and its size is the one its
/// trailer gives, when believable.
pub(crate) fn open_file(path: &Path) -> Result<Input<'static>, DataError> {
    let name = path.display().to_string();
    let opened = File::open(path).and_then(|file| {
        let meta = file.metadata()?;
        let mut reader = BufReader::new(file);
        if !reader.fill_buf()?.starts_with(&GZIP_MAGIC) {
            let plain: Box<dyn Read> = Box::new(reader);
            return Ok((plain, Some(meta.len())));
        }
        // Only a regular file can be read at its end and then where it was.
        let size = if meta.is_file() {
            decompressed_size(reader.get_mut(), meta.len())?
        } else {
            None
        };
        let gzip: Box<dyn Read> = Box::new(MultiGzDecoder::new(reader));
        Ok((gzip, size))
    });
    match opened {
        Ok((reader, size)) => Ok(Input { reader, name, size }),
        Err(source) => Err(DataError::Io { file: name, source }),
    }
}

/// The text of a file (decompressed, as [`open_file`] reads it), and its name for messages.
pub(crate) fn read_text(path: &Path) -> Result<(String, String), DataError> {
    let Input {
        mut reader,
        name,
        size,
    } = open_file(path)?;
    let room = size.and_then(|s| usize::try_from(s).ok()).unwrap_or(0);
    let mut text = String::with_capacity(room);
    match reader.read_to_string(&mut text) {
        Ok(_) => Ok((text, name)),
        Err(source) => Err(DataError::Io { file: name, source }),
    }
}

/// The size a gzip file's last member says it decompresses to (modulo 2^32, RFC 1952 §2.3.1),
/// if believable; the file is left where it was.
fn decompressed_size(file: &mut File, compressed: u64) -> std::io::Result<Option<u64>> {
    // A member is at least a 10-byte header and an 8-byte trailer.
    if compressed < 18 {
        return Ok(None);
    }
    let here = file.stream_position()?;
    file.seek(SeekFrom::End(-4))?;
    let mut trailer = [0; 4];
    file.read_exact(&mut trailer)?;
    file.seek(SeekFrom::Start(here))?;
    let size = u64::from(u32::from_le_bytes(trailer));
    Ok((size <= compressed.saturating_mul(MAX_BELIEVED_RATIO)).then_some(size))
}

//! Reading a user's file with bounded work: only a regular file is read (a FIFO would block
//! for ever, `/dev/zero` never ends), and never more than a size limit, checked from the
//! metadata before reading and enforced while reading (the file may grow meanwhile).

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// Not a regular file: what it is instead (`a FIFO (named pipe)`, `a folder`).
    NotAFile(&'static str),
    /// Larger than the limit: its size in bytes (at least the limit + 1).
    TooLarge(u64),
    Io(io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotAFile(what) => write!(f, "it is {what}, not a regular file"),
            Refused::TooLarge(size) => write!(f, "it is {:.1} MB", *size as f64 / 1e6),
            Refused::Io(e) => write!(f, "{e}"),
        }
    }
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    // Non-blocking, so opening a FIFO without a writer returns at once; the check below
    // then refuses it. For a regular file the flag changes nothing.
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(Refused::Io)?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if !meta.is_file() {
        return Err(Refused::NotAFile(kind_of(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(Refused::TooLarge(meta.len()));
    }
    read_at_most(file, limit, meta.len())
}

/// Reads `file` to its end, refusing it once it passes `limit` bytes.
fn read_at_most(file: File, limit: u64, expected: u64) -> Result<Vec<u8>, Refused> {
    let mut bytes = Vec::with_capacity(expected as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    match bytes.len() as u64 {
        n if n > limit => Err(Refused::TooLarge(n)),
        _ => Ok(bytes),
    }
}

/// What a file that is not a regular file is, in words.
fn kind_of(t: &std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read(&path, 10).unwrap(), b"0123456789");
        assert!(matches!(read(&path, 9), Err(Refused::TooLarge(10))));
        assert!(matches!(
            read(dir.path(), 10),
            Err(Refused::NotAFile("a folder"))
        ));
    }

    #[test]
    fn devices_and_fifos_are_refused_without_reading() {
        assert!(matches!(
            read(Path::new("/dev/zero"), 1 << 20),
            Err(Refused::NotAFile("a character device"))
        ));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::RUSR).unwrap();
        assert!(matches!(
            read(&fifo, 10),
            Err(Refused::NotAFile("a FIFO (named pipe)"))
        ));
    }

    #[test]
    fn a_file_growing_past_the_limit_is_refused_while_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"0123456789").unwrap();
        let file = File::open(&path).unwrap();
        assert!(matches!(
            read_at_most(file, 5, 5),
            Err(Refused::TooLarge(6))
        ));
    }
}

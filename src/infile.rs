//! Reading a file certwiz is given (an order, a batch, a profile, a CSR, the configuration) or
//! keeps (drafts, profiles), bounded: one helper for every such read.
//!
//! Only a regular file or standard input is read. A FIFO, a device (`/dev/zero`), a socket or a
//! folder is refused by its type before it is opened, so nothing blocks on a FIFO with no writer
//! or reads an endless device. A file above its kind's limit is refused by its size, naming the
//! limit, before it is read; a file that grows while it is read, and standard input, are read
//! no further than the limit. The limits (README, reliability notes) are far above any real
//! file of the kind and far below what hurts.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// What a file holds, which sets how large it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An order body or a saved draft given as `FILE` (also a batch's `--base`): 1 MiB. The
    /// documented example is under 2 KB; comments are at most 4,000 characters.
    Order,
    /// A batch of orders (CSV or JSON Lines): 32 MiB, some 60,000 rows of a typical order.
    Batch,
    /// A subject or shipping profile: 1 MiB.
    Profile,
    /// A certificate request (PEM): 64 KiB. An RSA 4096 CSR is under 2 KB.
    Csr,
    /// `config.toml`: 1 MiB.
    Config,
    /// A file of certwiz's own data folder (a draft, a profile, the journal): 64 MiB, far above
    /// the journal of thousands of orders.
    Stored,
}

impl Kind {
    /// The most bytes a file of this kind may hold.
    pub fn limit(self) -> u64 {
        match self {
            Kind::Order | Kind::Profile | Kind::Config => 1 << 20,
            Kind::Batch => 32 << 20,
            Kind::Csr => 64 << 10,
            Kind::Stored => 64 << 20,
        }
    }

    /// The kind in words: "an order file".
    pub fn what(self) -> &'static str {
        match self {
            Kind::Order => "an order file",
            Kind::Batch => "a batch file",
            Kind::Profile => "a profile file",
            Kind::Csr => "a certificate request",
            Kind::Config => "config.toml",
            Kind::Stored => "a file of certwiz's data folder",
        }
    }

    fn too_large(self, size: Option<u64>) -> io::Error {
        let size = size.map(|n| format!(" ({n} bytes)")).unwrap_or_default();
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "it is too large{size}: {} may be at most {}, so it was not read",
                self.what(),
                human(self.limit())
            ),
        )
    }
}

/// A size in words: `1 MiB`, `64 KiB`, `3.2 GiB`, `512 bytes`.
fn human(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                // Display only: one decimal is enough.
                #[allow(clippy::cast_precision_loss)]
                let value = bytes as f64 / size as f64;
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// Refuses anything but a regular file, by the type `metadata` gives.
fn regular(kind: Kind, metadata: &std::fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let t = metadata.file_type();
    let not = if t.is_file() {
        return Ok(());
    } else if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "it is {not}; certwiz reads {} only from a regular file (or standard input as -)",
            kind.what()
        ),
    ))
}

/// Reads at most `kind`'s limit from `reader`; more is an error.
fn read_limited(reader: impl Read, kind: Kind) -> io::Result<Vec<u8>> {
    let limit = kind.limit();
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(kind.too_large(None));
    }
    Ok(bytes)
}

/// The bytes of the regular file at `path`, within `kind`'s limit.
pub fn read(path: &Path, kind: Kind) -> io::Result<Vec<u8>> {
    let before = std::fs::metadata(path)?;
    regular(kind, &before)?;
    if before.len() > kind.limit() {
        return Err(kind.too_large(Some(before.len())));
    }
    let file = File::open(path)?;
    // The path may have been swapped for something else between the two looks.
    regular(kind, &file.metadata()?)?;
    read_limited(file, kind)
}

/// The text of the regular file at `path`, within `kind`'s limit.
pub fn read_text(path: &Path, kind: Kind) -> io::Result<String> {
    utf8(read(path, kind)?)
}

/// Standard input, within `kind`'s limit.
pub fn read_stdin(kind: Kind) -> io::Result<Vec<u8>> {
    read_limited(io::stdin().lock(), kind)
}

/// Standard input as text, within `kind`'s limit.
pub fn read_stdin_text(kind: Kind) -> io::Result<String> {
    utf8(read_stdin(kind)?)
}

/// `path`'s bytes, or standard input's when `path` is `-`.
pub fn read_arg(path: &Path, kind: Kind) -> io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        read_stdin(kind)
    } else {
        read(path, kind)
    }
}

/// `path`'s text, or standard input's when `path` is `-`.
pub fn read_arg_text(path: &Path, kind: Kind) -> io::Result<String> {
    utf8(read_arg(path, kind)?)
}

/// Bytes read as text; when they are not UTF-8, the error names the first bad byte, its offset
/// in the file (counting from 0, as `xxd` and `od` do) and its line and column, so it can be
/// found in an editor or a hex dump.
pub fn utf8(bytes: Vec<u8>) -> io::Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = &bytes[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // Everything before `at` is UTF-8: the column counts its characters.
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        let byte = bytes.get(at).copied().unwrap_or_default();
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "it is not UTF-8 text: the byte 0x{byte:02X} at byte offset {at} (counting \
                 from 0; line {line}, column {column}) is not UTF-8; save the file as UTF-8"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_fifos_and_folders_are_refused_before_reading() {
        for (path, what) in [("/dev/zero", "a device"), ("/", "a folder")] {
            let e = read(Path::new(path), Kind::Order).unwrap_err();
            assert!(e.to_string().contains(what), "{e}");
            assert!(e.to_string().contains("an order file"), "{e}");
        }
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Opening a FIFO with no writer would block: refused by its type first.
            let e = read(&fifo, Kind::Batch).unwrap_err();
            assert!(e.to_string().contains("FIFO"), "{e}");
        }
    }

    #[test]
    fn files_above_the_limit_are_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("csr.pem");
        std::fs::write(&path, vec![b'a'; (64 << 10) + 1]).unwrap();
        let e = read_text(&path, Kind::Csr).unwrap_err();
        assert!(
            e.to_string()
                .contains("too large (65537 bytes): a certificate request may be at most 64 KiB"),
            "{e}"
        );
        std::fs::write(&path, vec![b'a'; 64 << 10]).unwrap();
        assert_eq!(read_text(&path, Kind::Csr).unwrap().len(), 64 << 10);
        let e = read_limited(&[0u8; 100][..], Kind::Csr).map(|b| b.len());
        assert_eq!(e.unwrap(), 100);
        let endless = io::repeat(0);
        let e = read_limited(endless, Kind::Order).unwrap_err();
        assert!(e.to_string().contains("at most 1 MiB"), "{e}");
    }

    #[test]
    fn text_that_is_not_utf8_names_the_first_bad_byte() {
        // "Ren\xe9" in Latin-1 on the third line, after a two-byte UTF-8 character.
        let mut bytes = b"{\n  \"city\": \"Z\xc3\xbcrich\",\n  \"name\": \"Ren".to_vec();
        let at = bytes.len();
        bytes.extend_from_slice(b"\xe9\"\n}");
        let e = utf8(bytes.clone()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        let text = e.to_string();
        assert!(
            text.contains(&format!(
                "the byte 0xE9 at byte offset {at} (counting from 0; line 3, column 15)"
            )),
            "{text}"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("order.json");
        std::fs::write(&path, &bytes).unwrap();
        let e = read_text(&path, Kind::Order).unwrap_err();
        assert!(e.to_string().contains(&format!("byte offset {at} ")), "{e}");
        assert_eq!(utf8(b"ok".to_vec()).unwrap(), "ok");
    }

    #[test]
    fn sizes_read_as_words() {
        assert_eq!(human(512), "512 bytes");
        assert_eq!(human(1 << 20), "1 MiB");
        assert_eq!(human(3 << 29), "1.5 GiB");
    }
}

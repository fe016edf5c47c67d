//! The server's host key and the public keys let in.

use anyhow::Context;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{HashAlg, PrivateKey, PublicKey};
use std::io::Read;
use std::path::Path;

/// The ed25519 host key at `path`, made there (mode 0600) on first start:
/// clients check it against what they saw before, so it must not change
/// from one start to the next.
pub fn host_key(path: &Path) -> anyhow::Result<PrivateKey> {
    if path.exists() {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the host key", path.display()))?;
        return PrivateKey::from_openssh(text.as_bytes())
            .with_context(|| format!("{}: not an OpenSSH private key", path.display()));
    }
    let mut seed = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut seed))
        .context("no randomness to make a host key from (/dev/urandom)")?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot make the directory", parent.display()))?;
    }
    let text = key
        .to_openssh(russh::keys::ssh_key::LineEnding::LF)
        .context("cannot write the host key")?;
    write_private(path, text.as_bytes())
        .with_context(|| format!("{}: cannot write the host key", path.display()))?;
    Ok(key)
}

/// Writes `bytes` to a new file only its owner can read.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A key's fingerprint as OpenSSH prints it (`SHA256:…`).
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The keys of an `authorized_keys` file (options and comments aside);
/// lines that are no key are named in the error.
pub fn authorized_keys(path: &Path) -> anyhow::Result<Vec<PublicKey>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the authorized keys", path.display()))?;
    parse_authorized_keys(&text).map_err(|(line, error)| {
        anyhow::anyhow!("{}:{line}: not a public key: {error}", path.display())
    })
}

/// The keys of an `authorized_keys` text, or the first bad line's number
/// and what is wrong with it.
pub fn parse_authorized_keys(text: &str) -> Result<Vec<PublicKey>, (usize, String)> {
    let mut keys = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let entry = line
            .parse::<russh::keys::ssh_key::authorized_keys::Entry>()
            .map_err(|error| (index + 1, error.to_string()))?;
        keys.push(entry.public_key().clone());
    }
    Ok(keys)
}

/// Whether `key` is one of `keys` (comments aside).
pub fn is_authorized(keys: &[PublicKey], key: &PublicKey) -> bool {
    keys.iter().any(|known| known.key_data() == key.key_data())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXowMTIzNDU2 alice@example";

    #[test]
    fn a_host_key_is_made_once_private_and_read_again() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("keys/host_ed25519");
        let made = host_key(&path).expect("made");
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&path).expect("written").permissions(),
        );
        assert_eq!(mode & 0o777, 0o600);
        let again = host_key(&path).expect("read");
        assert_eq!(
            fingerprint(made.public_key()),
            fingerprint(again.public_key())
        );
        assert!(fingerprint(made.public_key()).starts_with("SHA256:"));
    }

    #[test]
    fn authorized_keys_skip_comments_and_name_a_bad_line() {
        let keys = parse_authorized_keys(&format!("# team\n\n{ALICE}\n")).expect("parsed");
        assert_eq!(keys.len(), 1);
        assert!(is_authorized(&keys, &keys[0]));
        let with_options = format!("no-pty,from=\"10.0.0.0/8\" {ALICE}");
        assert_eq!(
            parse_authorized_keys(&with_options).expect("options").len(),
            1
        );
        let (line, _) = parse_authorized_keys(&format!("{ALICE}\nnot a key\n")).unwrap_err();
        assert_eq!(line, 2);
    }
}

package io.strongroom.node.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes PEM certificates and private keys. Every failure is a {@link TlsSetupException}
 * naming the file; no message ever quotes file contents (a key file's bytes are secret).
 */
final class Pem {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private Pem() {}

  /** Every certificate in {@code file}, in order (leaf first for a chain). At least one. */
  static List<X509Certificate> readCertificates(Path file) {
    List<X509Certificate> certs = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(in)) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        if (!(o instanceof X509CertificateHolder holder)) {
          throw new TlsSetupException(file, "expected only PEM certificates (BEGIN CERTIFICATE), found a " + kind(o));
        }
        certs.add(converter.getCertificate(holder));
      }
    } catch (NoSuchFileException e) {
      throw new TlsSetupException(file, "no such file", e);
    } catch (CertificateException e) {
      throw new TlsSetupException(file, "not a valid X.509 certificate", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof TlsSetupException t) {
        throw t;
      }
      throw new TlsSetupException(file, "cannot read PEM certificates: " + e.getClass().getSimpleName(), e);
    }
    if (certs.isEmpty()) {
      throw new TlsSetupException(file, "no PEM certificate (BEGIN CERTIFICATE) found");
    }
    return List.copyOf(certs);
  }

  /** The one unencrypted private key in {@code file} (PKCS#8, or PKCS#1/SEC1 as OpenSSL writes them). */
  static PrivateKey readPrivateKey(Path file) {
    Object o;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(in)) {
      o = pem.readObject();
    } catch (NoSuchFileException e) {
      throw new TlsSetupException(file, "no such file", e);
    } catch (IOException | RuntimeException e) {
      // The parser's message might quote the malformed text: report only its type.
      throw new TlsSetupException(file, "not a readable PEM private key (" + e.getClass().getSimpleName() + ")");
    }
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      } else if (o instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      } else if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
        throw new TlsSetupException(file, "the private key is encrypted; give the node an unencrypted key readable only by its user");
      } else if (o == null) {
        throw new TlsSetupException(file, "no PEM private key (BEGIN PRIVATE KEY) found");
      } else {
        throw new TlsSetupException(file, "expected a PEM private key, found a " + kind(o));
      }
    } catch (org.bouncycastle.openssl.PEMException e) {
      throw new TlsSetupException(file, "unsupported or malformed private key");
    }
  }

  /** Writes {@code certs} as PEM (replacing the file atomically). */
  static void writeCertificates(Path file, List<X509Certificate> certs) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(text)) {
      for (X509Certificate c : certs) {
        w.writeObject(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(file, text.toString(), false);
  }

  /** Writes {@code key} as unencrypted PKCS#8 PEM into a file only its owner can read or write (0600). */
  static void writePrivateKey(Path file, PrivateKey key) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(text)) {
      w.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(file, text.toString(), true);
  }

  /** Whether {@code file} may be read by users other than its owner (false where POSIX modes do not exist). */
  static boolean readableByOthers(Path file) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return false;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static void write(Path file, String text, boolean secret) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      // Created owner-only from the start: a key is never readable by others, not even briefly.
      tmp =
          secret && posix
              ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
              : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      if (!secret && posix) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // best effort; the move normally consumed it
        }
      }
    }
  }

  private static String kind(Object o) {
    return o.getClass().getSimpleName();
  }
}

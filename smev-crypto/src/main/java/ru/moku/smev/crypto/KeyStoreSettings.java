package ru.moku.smev.crypto;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a PKCS#12 key store is and how to open it.
 *
 * @param path     the PKCS#12 file
 * @param password its password (also the key's password); {@code null} for none
 * @param alias    the alias of the key entry; {@code null} or blank takes the store's only key entry
 */
public record KeyStoreSettings(Path path, String password, String alias) {

    public KeyStoreSettings {
        Objects.requireNonNull(path, "path");
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "KeyStoreSettings[path=" + path + ", alias=" + alias + "]";
    }
}

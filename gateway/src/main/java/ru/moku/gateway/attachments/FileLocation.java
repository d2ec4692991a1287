package ru.moku.gateway.attachments;

import java.util.Objects;

/**
 * A file on SMEV's file storage and the per-file credentials the message gave for it ({@code FSAttachment}).
 *
 * @param uuid     the file's uuid
 * @param fileName its name on the storage
 * @param user     user name
 * @param password password
 */
public record FileLocation(String uuid, String fileName, String user, String password) {

    public FileLocation {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(fileName, "fileName");
    }

    @Override
    public String toString() {
        return "FileLocation[uuid=" + uuid + ", fileName=" + fileName + ", user=" + user + "]";
    }
}

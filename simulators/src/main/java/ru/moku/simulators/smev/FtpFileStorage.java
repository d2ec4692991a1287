package ru.moku.simulators.smev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.filesystem.nativefs.NativeFileSystemFactory;
import org.apache.ftpserver.ftplet.Authentication;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMEV's file storage ("файловое хранилище") for {@code FSAttachmentsList}: an embedded Apache FtpServer serving each
 * file at {@code /<uuid>/<file name>} to its own user and password, read-only, passive mode. The receiver gets the
 * uuid, user, password and file name in {@code FSAttachment} and the host and port from its configuration.
 *
 * <p>Files are written to a directory on disk (blocking: callers run {@link #publish} on the crypto pool); the FTP
 * server runs on its own threads.
 */
final class FtpFileStorage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FtpFileStorage.class);
    private static final String LISTENER = "default";
    private static final int PASSWORD_BYTES = 12;

    private final Path root;
    private final boolean temporaryRoot;
    private final RandomGenerator random;
    private final MessageIds ids;
    private final FtpServer server;
    private final String host;
    private final int port;
    private final Map<String, BaseUser> users = new ConcurrentHashMap<>();
    /** User name → the uuid of the one file it may read. */
    private final Map<String, String> fileOfUser = new ConcurrentHashMap<>();
    private final Set<String> fetchedUuids = ConcurrentHashMap.newKeySet();
    private final LongAdder downloads = new LongAdder();
    private volatile boolean unavailable;

    FtpFileStorage(SmevSimulatorProperties.FileStorage settings, RandomGenerator random, MessageIds ids) {
        this.random = random;
        this.ids = ids;
        try {
            this.temporaryRoot = settings.directory() == null;
            this.root = temporaryRoot ? Files.createTempDirectory("smev-file-storage")
                    : Files.createDirectories(settings.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the file storage's directory "
                    + "(simulators.smev.file-storage.directory): " + e.getMessage(), e);
        }
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress(settings.host());
        listener.setPort(settings.port());
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress(settings.host());
        data.setPassiveExternalAddress(settings.host());
        data.setActiveEnabled(false);
        if (!settings.passivePorts().isBlank()) {
            data.setPassivePorts(settings.passivePorts());
        }
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        factory.addListener(LISTENER, listener.createListener());
        NativeFileSystemFactory fileSystem = new NativeFileSystemFactory();
        fileSystem.setCreateHome(false);
        factory.setFileSystem(fileSystem);
        factory.setUserManager(new Users());
        factory.setFtplets(Map.of("smev-file-storage", new OneFilePerUser()));
        this.server = factory.createServer();
        try {
            server.start();
        } catch (FtpException e) {
            throw new IllegalStateException("cannot start the file storage's FTP server on " + settings.host() + ":"
                    + settings.port() + " (simulators.smev.file-storage.host/port): " + e.getMessage(), e);
        }
        this.host = settings.host();
        this.port = ((DefaultFtpServer) server).getListener(LISTENER).getPort();
        log.info("SMEV simulator file storage (FTP) on {}:{}, files in {}", host, port, root);
    }

    /**
     * Puts a file on the storage with a user of its own.
     *
     * @return the references the message carries ({@code RefAttachmentHeader} + {@code FSAttachment})
     */
    FsAttachment publish(String fileName, String mimeType, byte[] content, String hash, byte[] signaturePkcs7) {
        String uuid = ids.next();
        String userName = "smev-" + uuid;
        String password = HexFormat.of().formatHex(randomBytes());
        try {
            Path directory = Files.createDirectories(root.resolve(uuid));
            Files.write(directory.resolve(fileName), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + " to the file storage: " + e.getMessage(), e);
        }
        BaseUser user = new BaseUser();
        user.setName(userName);
        user.setPassword(password);
        user.setHomeDirectory(root.toString());
        user.setEnabled(true);
        // No WritePermission: read-only. 0 = no limit on logins of one user.
        user.setAuthorities(List.of(new ConcurrentLoginPermission(0, 0)));
        users.put(userName, user);
        fileOfUser.put(userName, uuid);
        return new FsAttachment(uuid, fileName, mimeType, hash, signaturePkcs7, userName, password, content.length);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    int files() {
        return fileOfUser.size();
    }

    /** Completed downloads (RETR), repeated ones included. */
    long downloads() {
        return downloads.sum();
    }

    /** Files downloaded at least once. */
    int filesFetched() {
        return fetchedUuids.size();
    }

    /** Whether every download is refused (an outage of the storage, switched by the admin API). */
    boolean unavailable() {
        return unavailable;
    }

    void unavailable(boolean value) {
        unavailable = value;
    }

    /** Forgets every file and user (blocking: deletes files). */
    void clear() {
        users.clear();
        fileOfUser.clear();
        fetchedUuids.clear();
        downloads.reset();
        unavailable = false;
        deleteBelow(root, false);
    }

    @Override
    public void close() {
        server.stop();
        if (temporaryRoot) {
            deleteBelow(root, true);
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void deleteBelow(Path directory, boolean itself) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (itself || !path.equals(directory)) {
                    Files.deleteIfExists(path);
                }
            }
        } catch (IOException e) {
            log.warn("could not delete the file storage's files in {}: {}", directory, e.toString());
        }
    }

    /** Users of the files, in memory, each with its password. */
    private final class Users implements UserManager {

        @Override
        public User getUserByName(String name) {
            return users.get(name);
        }

        @Override
        public String[] getAllUserNames() {
            return users.keySet().toArray(String[]::new);
        }

        @Override
        public void delete(String name) {
            users.remove(name);
        }

        @Override
        public void save(User user) {
            throw new UnsupportedOperationException("the file storage's users are made by the simulator");
        }

        @Override
        public boolean doesExist(String name) {
            return users.containsKey(name);
        }

        @Override
        public User authenticate(Authentication authentication) throws AuthenticationFailedException {
            if (authentication instanceof UsernamePasswordAuthentication credentials) {
                BaseUser user = users.get(credentials.getUsername());
                if (user != null && user.getPassword().equals(credentials.getPassword())) {
                    return user;
                }
            }
            throw new AuthenticationFailedException("wrong user name or password");
        }

        @Override
        public String getAdminName() {
            return "admin-of-nothing";
        }

        @Override
        public boolean isAdmin(String name) {
            return false;
        }
    }

    /** A user reads its own file only (SMEV hands out one user per file); completed downloads are counted. */
    private final class OneFilePerUser extends DefaultFtplet {

        @Override
        public FtpletResult onDownloadStart(FtpSession session, FtpRequest request) throws FtpException {
            if (unavailable) {
                session.write(new DefaultFtpReply(FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN,
                        "the file storage is unavailable (SMEV simulator: /admin/smev/file-storage/unavailable)"));
                return FtpletResult.SKIP;
            }
            String uuid = fileOfUser.get(session.getUser().getName());
            FtpFile file = session.getFileSystemView().getFile(request.getArgument());
            if (uuid == null || !file.getAbsolutePath().startsWith("/" + uuid + "/")) {
                session.write(new DefaultFtpReply(FtpReply.REPLY_550_REQUESTED_ACTION_NOT_TAKEN,
                        "this user may read /" + uuid + "/ only"));
                return FtpletResult.SKIP;
            }
            return FtpletResult.DEFAULT;
        }

        @Override
        public FtpletResult onDownloadEnd(FtpSession session, FtpRequest request) {
            String uuid = fileOfUser.get(session.getUser().getName());
            if (uuid != null) {
                fetchedUuids.add(uuid);
            }
            downloads.increment();
            return FtpletResult.DEFAULT;
        }
    }
}

package ru.moku.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;

/**
 * SMEV's file storage for tests: an embedded Apache FtpServer on 127.0.0.1 and a free port, serving a temporary
 * directory where each file is at {@code /<uuid>/<file name>}, readable by the per-file user it was put with.
 */
public final class TestFileStorage implements AutoCloseable {

    private final Path root;
    private final UserManager users;
    private final FtpServer server;
    private final int port;

    private TestFileStorage(Path root, UserManager users, FtpServer server, int port) {
        this.root = root;
        this.users = users;
        this.server = server;
        this.port = port;
    }

    public static TestFileStorage start() {
        try {
            Path root = Files.createTempDirectory("smev-fs-test-");
            int port = freePort();
            ListenerFactory listener = new ListenerFactory();
            listener.setServerAddress("127.0.0.1");
            listener.setPort(port);
            FtpServerFactory factory = new FtpServerFactory();
            factory.addListener("default", listener.createListener());
            UserManager users = new PropertiesUserManagerFactory().createUserManager();
            factory.setUserManager(users);
            FtpServer server = factory.createServer();
            server.start();
            return new TestFileStorage(root, users, server, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FtpException e) {
            throw new IllegalStateException("the test FTP server did not start", e);
        }
    }

    public int port() {
        return port;
    }

    /** Lets {@code user} log in with {@code password} (and read every file). */
    public void allow(String user, String password) {
        BaseUser account = new BaseUser();
        account.setName(user);
        account.setPassword(password);
        account.setHomeDirectory(root.toString());
        try {
            users.save(account);
        } catch (FtpException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts a file at {@code /<uuid>/<fileName>}. */
    public void put(String uuid, String fileName, byte[] content) {
        try {
            Path directory = Files.createDirectories(root.resolve(uuid));
            Files.write(directory.resolve(fileName), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

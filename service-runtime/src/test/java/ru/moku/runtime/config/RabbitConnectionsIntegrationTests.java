package ru.moku.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import ru.moku.runtime.config.RuntimeAutoConfiguration.RabbitConnections;
import ru.moku.runtime.testing.TestMessagingProperties;

/** The service's AMQP connections, through a port where RabbitMQ appears only after the first attempt. */
class RabbitConnectionsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aConnectionRefusedAtFirstIsOpenedOnceTheBrokerIsReachable() throws IOException {
        int port = freePort();
        RabbitConnections connections = new RabbitConnections(TestMessagingProperties.bind(Map.of(
                "moku.messaging.rabbitmq.host", "127.0.0.1",
                "moku.messaging.rabbitmq.port", port)));

        StepVerifier.create(connections.connection("sender")).expectError().verify(WAIT);
        StepVerifier.create(connections.healthy()).expectNext(false).verifyComplete();

        try (TcpForwarder broker = new TcpForwarder(port, 5672)) {
            StepVerifier.create(connections.connection("sender"))
                    .assertNext(connection -> assertThat(connection.isOpen()).isTrue())
                    .verifyComplete();
            StepVerifier.create(connections.healthy()).expectNext(true).verifyComplete();
            connections.connection("sender").block(WAIT).close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Forwards a local port to RabbitMQ's, byte for byte, on plain threads. */
    private static final class TcpForwarder implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        TcpForwarder(int port, int targetPort) throws IOException {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                        sockets.add(client);
                        sockets.add(target);
                        pump(client, target);
                        pump(target, client);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "forwarder-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void pump(Socket from, Socket to) {
            Thread pump = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // one side closed: the other follows
                }
            }, "forwarder-pump");
            pump.setDaemon(true);
            pump.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}

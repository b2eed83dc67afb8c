package dev.cps.calendar.testing;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisServerTest {

    @Test
    void answersPingAndRefusesConnectionsOnceKilledThenComesBack() throws IOException {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(ping(redis)).isEqualTo("+PONG");

            redis.kill();
            assertThatThrownBy(() -> ping(redis)).isInstanceOf(IOException.class);

            redis.restart();
            assertThat(ping(redis)).isEqualTo("+PONG");
        }
    }

    @Test
    void withAnAdminPasswordOnlyAuthenticatedClientsGetIn() throws IOException {
        try (RedisServer redis = RedisServer.startWithAdminPassword("s3cret")) {
            assertThat(ping(redis)).startsWith("-NOAUTH");
            assertThat(redis.url()).isEqualTo("redis://default:s3cret@127.0.0.1:" + redis.port());
            assertThat(redis.address()).isEqualTo("redis://127.0.0.1:" + redis.port());
        }
    }

    @Test
    void theServerOfAKilledJvmIsStoppedLaterAndOnesOfLiveJvmsAreNot() throws Exception {
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RedisLeftBehind.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int leftPort;
        try (var out = new BufferedReader(new InputStreamReader(killed.getInputStream(), StandardCharsets.UTF_8))) {
            leftPort = Integer.parseInt(out.readLine().replace("port ", ""));
        }
        killed.destroyForcibly().waitFor();
        assertThat(ping(leftPort)).as("a killed JVM cannot stop its redis-server").isEqualTo("+PONG");

        try (RedisServer ours = RedisServer.start()) {
            List<Long> stopped = RedisServer.stopLeftovers();

            assertThat(stopped).isNotEmpty();
            assertThatThrownBy(() -> ping(leftPort)).isInstanceOf(IOException.class);
            assertThat(ping(ours)).as("the server of a live JVM stays").isEqualTo("+PONG");
            assertThat(RedisServer.stopLeftovers()).isEmpty();
        }
    }

    private static String ping(RedisServer redis) throws IOException {
        return ping(redis.port());
    }

    private static String ping(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[64];
            int n = in.read(buf);
            return new String(buf, 0, n, StandardCharsets.US_ASCII).trim();
        }
    }
}

package dev.cps.calendar.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

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

    private static String ping(RedisServer redis) throws IOException {
        try (Socket socket = new Socket(redis.host(), redis.port())) {
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

package dev.cps.calendar.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolKeysTest {

    @Test
    void aPoolsKeysShareOneHashTagAndItsIdRoundTrips() {
        PoolKeys keys = PoolKeys.of("team-a", "shared");

        assertThat(keys.id()).isEqualTo("team-a.shared");
        assertThat(keys.members()).isEqualTo("pool:{team-a.shared}:members");
        assertThat(keys.aclKeyPattern()).isEqualTo("~pool:{team-a.shared}:*");
        assertThat(keys.username()).isEqualTo("pool-team-a-shared");
        assertThat(PoolKeys.parseId(keys.id())).isEqualTo(keys);
    }

    @Test
    void anIdWithoutADotOrWithABadLabelIsRefusedWithTheReason() {
        assertThatThrownBy(() -> PoolKeys.parseId("team-a")).hasMessageContaining("POOL_ID must be <namespace>.<pool>");
        assertThatThrownBy(() -> PoolKeys.parseId("team-a.Shared")).hasMessageContaining("pool must be a DNS label");
        assertThatThrownBy(() -> PoolKeys.parseId("team-a.a.b")).hasMessageContaining("pool must be a DNS label");
        assertThatThrownBy(() -> PoolKeys.of("", "shared")).hasMessageContaining("namespace must be a DNS label");
    }
}

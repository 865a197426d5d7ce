package dev.duplex.examples.guide;

import dev.duplex.websocket.redis.RedisBroker;
import java.time.Duration;

/** The code of docs/scale-out.md, section "Redis broker", compiled so that the guide cannot rot. */
public final class RedisBrokerGuide {
    private RedisBrokerGuide() {
    }

    static RedisBroker broker() {
        // tag::builder[]
        RedisBroker broker = RedisBroker.builder("redis://127.0.0.1:6379")
                .heartbeat(Duration.ofSeconds(2))          // refresh this node's presence
                .presenceExpiry(Duration.ofSeconds(6))     // a silent node's members vanish after this
                .keyPrefix("chat:")                        // every key and channel starts with it
                .build();
        // end::builder[]
        return broker;
    }
}

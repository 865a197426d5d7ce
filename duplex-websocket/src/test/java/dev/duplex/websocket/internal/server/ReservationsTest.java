package dev.duplex.websocket.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Reservations}: a place is given back once, however many times it is released. */
class ReservationsTest {
    @Test
    void refusesAReservationBeyondTheLimitUntilOneIsReleased() {
        var reservations = new Reservations(2);
        var first = reservations.tryReserve();
        assertThat(reservations.tryReserve()).isNotNull();

        assertThat(reservations.tryReserve()).isNull();
        assertThat(reservations.isFull()).isTrue();

        first.release();
        assertThat(reservations.tryReserve()).isNotNull();
    }

    @Test
    void aReservationReleasedTwiceGivesBackOnePlace() throws Exception {
        var reservations = new Reservations(0);
        var slot = reservations.tryReserve();
        reservations.tryReserve();

        slot.release();
        slot.operationComplete(null);

        assertThat(reservations.held()).isEqualTo(1);
        assertThat(reservations.isFull()).isFalse();
    }
}

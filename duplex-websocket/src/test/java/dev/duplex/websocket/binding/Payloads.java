package dev.duplex.websocket.binding;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** The types messages are bound to in the binding and dispatch tests: one of each family the spec's anydata maps to. */
public final class Payloads {
    private Payloads() {
    }

    /** A record with Bean Validation constraints. */
    public record Order(@NotBlank String item, @Min(1) int quantity) {
    }

    /** A record holding other bound types. */
    public record Basket(String owner, List<Order> orders, Color color, BigDecimal total) {
    }

    /** A plain JavaBean. */
    public static final class Customer {
        private String name;
        private int age;

        public Customer() {
        }

        public Customer(String name, int age) {
            this.name = name;
            this.age = age;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getAge() {
            return age;
        }

        public void setAge(int age) {
            this.age = age;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customer c && c.age == age && Objects.equals(c.name, name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, age);
        }

        @Override
        public String toString() {
            return "Customer[" + name + ", " + age + "]";
        }
    }

    public enum Color { RED, GREEN }

    /** The reference's union of records told apart by "type", as a sealed interface without Jackson annotations. */
    public sealed interface Event permits OrderCreated, OrderCancelled, Renamed {
    }

    public record OrderCreated(String orderId, int quantity) implements Event {
    }

    public record OrderCancelled(String orderId, String why) implements Event {
    }

    @JsonTypeName("name-changed")
    public record Renamed(String to) implements Event {
    }

    /** The same with Jackson's own polymorphism annotations. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({@JsonSubTypes.Type(value = Circle.class, name = "circle"),
        @JsonSubTypes.Type(value = Square.class, name = "square")})
    public sealed interface Shape permits Circle, Square {
    }

    public record Circle(double radius) implements Shape {
    }

    public record Square(double side) implements Shape {
    }

    /** A sealed record hierarchy element that declares the discriminator itself. */
    public sealed interface Command permits Start, Stop {
    }

    public record Start(String type, String target) implements Command {
    }

    public record Stop(String target) implements Command {
    }
}

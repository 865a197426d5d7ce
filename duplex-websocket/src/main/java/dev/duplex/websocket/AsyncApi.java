package dev.duplex.websocket;

import dev.duplex.websocket.internal.binding.JsonSchemas;
import dev.duplex.websocket.internal.dispatch.ServiceModel;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Describes a service as an AsyncAPI 3.0 document (JSON) — the end goal the spec gives custom dispatch (§3.2.2):
 * one channel at the service's path, one {@code receive} operation per message method ({@code onTextMessage},
 * {@code onBinaryMessage}, {@code onMessage}, custom methods), message payload schemas derived from the parameter
 * types, a reply derived from the return type, and for custom methods the {@code dispatcherKey} with the value that
 * selects them.
 *
 * <pre>{@code
 * String document = AsyncApi.describe(ChatUpgradeService.class, "/chat/{room}");
 * }</pre>
 *
 * <p>The document is made from the classes alone: nothing is attached or connected.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
public final class AsyncApi {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private AsyncApi() {
    }

    /**
     * Describes a {@link Service} class, or the service an {@link UpgradeService} class declares it returns (its
     * {@link ServiceConfig} annotation supplies the dispatcher key), attached at {@code path}.
     *
     * @param serviceOrUpgradeService a {@link Service} class, or an {@link UpgradeService} class whose
     *                                {@code onUpgrade} declares the service class it returns
     * @param path                    the path the service is attached at; {@code {name}} segments become channel
     *                                parameters
     * @return the AsyncAPI 3.0 document, pretty-printed JSON
     * @throws IllegalArgumentException when the class is neither, when an upgrade service declares only
     *                                  {@code Service} as its return type, or when the service's methods are invalid
     */
    public static String describe(Class<?> serviceOrUpgradeService, String path) {
        Objects.requireNonNull(serviceOrUpgradeService, "serviceOrUpgradeService");
        if (Service.class.isAssignableFrom(serviceOrUpgradeService)) {
            ServiceConfig annotation = serviceOrUpgradeService.getAnnotation(ServiceConfig.class);
            return describe(serviceOrUpgradeService.asSubclass(Service.class), path,
                    annotation == null ? WsServiceConfig.DEFAULT : WsServiceConfig.from(annotation));
        }
        if (UpgradeService.class.isAssignableFrom(serviceOrUpgradeService)) {
            Class<?> declared;
            try {
                Method onUpgrade = serviceOrUpgradeService.getMethod("onUpgrade", UpgradeRequest.class);
                declared = onUpgrade.getReturnType();
            } catch (NoSuchMethodException impossible) {
                throw new IllegalStateException(impossible);
            }
            if (declared == Service.class || declared.isInterface()) {
                throw new IllegalArgumentException(serviceOrUpgradeService.getName() + ".onUpgrade declares it returns "
                        + declared.getSimpleName() + "; declare the service class it returns to describe it");
            }
            ServiceConfig annotation = serviceOrUpgradeService.getAnnotation(ServiceConfig.class);
            return describe(declared.asSubclass(Service.class), path,
                    annotation == null ? WsServiceConfig.DEFAULT : WsServiceConfig.from(annotation));
        }
        throw new IllegalArgumentException(serviceOrUpgradeService.getName()
                + " is neither a Service nor an UpgradeService");
    }

    /**
     * Describes {@code serviceClass} attached at {@code path} with {@code config} (its {@code dispatcherKey} and
     * {@code subProtocols} appear in the document).
     *
     * @param serviceClass the service class
     * @param path         the path the service is attached at; {@code {name}} segments become channel parameters
     * @param config       the service's settings
     * @return the AsyncAPI 3.0 document, pretty-printed JSON
     * @throws IllegalArgumentException when the service's methods are invalid
     */
    public static String describe(Class<? extends Service> serviceClass, String path, WsServiceConfig config) {
        ServiceModel model = ServiceModel.of(serviceClass);
        JsonSchemas schemas = new JsonSchemas("#/components/schemas/");
        String channelId = channelId(path);

        ObjectNode document = NODES.objectNode();
        document.put("asyncapi", "3.0.0");
        ObjectNode info = document.putObject("info");
        info.put("title", serviceClass.getSimpleName());
        info.put("version", "1.0.0");
        info.put("description", description(config));
        document.put("defaultContentType", "application/json");

        ObjectNode channels = document.putObject("channels");
        ObjectNode channel = channels.putObject(channelId);
        channel.put("address", path);
        ObjectNode channelMessages = channel.putObject("messages");
        ObjectNode parameters = null;
        for (String segment : path.split("/")) {
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (parameters == null) {
                    parameters = channel.putObject("parameters");
                }
                parameters.putObject(segment.substring(1, segment.length() - 1))
                        .put("description", "path parameter");
            }
        }

        ObjectNode operations = document.putObject("operations");
        ObjectNode components = document.putObject("components");
        ObjectNode messages = components.putObject("messages");

        Map<String, ServiceModel.DataMethod> annotated = model.annotatedMethods();
        for (ServiceModel.DataMethod method : model.messageMethods().values()) {
            String dispatchValue = dispatchValue(method, annotated, model);
            String messageId = messageId(method.name());
            ObjectNode message = messages.putObject(messageId);
            message.put("name", dispatchValue != null ? dispatchValue : messageId);
            message.put("contentType", contentType(method.parameterType()));
            message.set("payload", payload(schemas, method.parameterType(), config, dispatchValue));
            channelMessages.putObject(messageId).put("$ref", "#/components/messages/" + messageId);

            ObjectNode operation = operations.putObject(method.name());
            operation.put("action", "receive");
            operation.putObject("channel").put("$ref", "#/channels/" + channelId);
            operation.put("summary", summary(method, dispatchValue, config));
            operation.putArray("messages").addObject()
                    .put("$ref", "#/channels/" + channelId + "/messages/" + messageId);

            Type reply = replyType(serviceClass, method.name());
            if (reply != null) {
                String replyId = messageId + "Reply";
                ObjectNode replyMessage = messages.putObject(replyId);
                replyMessage.put("name", replyId);
                replyMessage.put("contentType", contentType(reply));
                replyMessage.set("payload", payload(schemas, reply, config, null));
                channelMessages.putObject(replyId).put("$ref", "#/components/messages/" + replyId);
                ObjectNode replyNode = operation.putObject("reply");
                replyNode.putObject("channel").put("$ref", "#/channels/" + channelId);
                replyNode.putArray("messages").addObject()
                        .put("$ref", "#/channels/" + channelId + "/messages/" + replyId);
            }
        }
        ObjectNode schemaNodes = components.putObject("schemas");
        schemas.named().forEach(schemaNodes::set);
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    }

    private static String description(WsServiceConfig config) {
        if (config.dispatcherKey() == null) {
            return "WebSocket service.";
        }
        String text = "Messages are JSON objects; the value of \"" + config.dispatcherKey()
                + "\" selects the operation.";
        if (config.dispatcherStreamId() != null) {
            text += " A request's \"" + config.dispatcherStreamId()
                    + "\" is copied into its reply, so replies can be matched to requests.";
        }
        return text;
    }

    private static String channelId(String path) {
        String id = path.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return id.isEmpty() ? "root" : id;
    }

    private static String messageId(String methodName) {
        String bare = methodName.startsWith("on") && methodName.length() > 2 ? methodName.substring(2) : methodName;
        return Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
    }

    /** The value of the dispatcher key that selects a custom method, or {@code null} for the spec's own methods. */
    private static String dispatchValue(ServiceModel.DataMethod method, Map<String, ServiceModel.DataMethod> annotated,
                                        ServiceModel model) {
        for (var entry : annotated.entrySet()) {
            if (entry.getValue() == method) {
                return entry.getKey();
            }
        }
        String name = method.name();
        if (name.equals("onTextMessage") || name.equals("onBinaryMessage") || name.equals("onMessage")) {
            return null;
        }
        return messageId(name);
    }

    private static String summary(ServiceModel.DataMethod method, String dispatchValue, WsServiceConfig config) {
        if (dispatchValue != null && config.dispatcherKey() != null) {
            return "Receives messages whose \"" + config.dispatcherKey() + "\" is \"" + dispatchValue + "\".";
        }
        return switch (method.name()) {
            case "onTextMessage" -> "Receives text messages.";
            case "onBinaryMessage" -> "Receives binary messages.";
            default -> "Receives messages bound to " + method.parameterType().getTypeName() + ".";
        };
    }

    private static ObjectNode payload(JsonSchemas schemas, Type type, WsServiceConfig config, String dispatchValue) {
        ObjectNode schema = schemas.schemaOf(type);
        boolean addKey = dispatchValue != null && config.dispatcherKey() != null;
        boolean addStreamId = config.dispatcherStreamId() != null && !isRaw(type);
        if (!addKey && !addStreamId) {
            return schema;
        }
        ObjectNode envelope = NODES.objectNode();
        envelope.put("type", "object");
        ObjectNode properties = envelope.putObject("properties");
        if (addKey) {
            properties.putObject(config.dispatcherKey()).put("const", dispatchValue);
            envelope.putArray("required").add(config.dispatcherKey());
        }
        if (addStreamId) {
            properties.putObject(config.dispatcherStreamId())
                    .put("description", "correlates a request with its reply");
        }
        ObjectNode combined = NODES.objectNode();
        ArrayNode all = combined.putArray("allOf");
        all.add(schema);
        all.add(envelope);
        return combined;
    }

    private static boolean isRaw(Type type) {
        return type == String.class || type == byte[].class || type == java.nio.ByteBuffer.class
                || type == org.w3c.dom.Document.class;
    }

    private static String contentType(Type type) {
        if (type == String.class) {
            return "text/plain";
        }
        if (type == byte[].class || type == java.nio.ByteBuffer.class) {
            return "application/octet-stream";
        }
        if (type == org.w3c.dom.Document.class) {
            return "application/xml";
        }
        return "application/json";
    }

    /**
     * What a method sends back: the element type of a returned stream or publisher (each element is its own message);
     * {@code null} for nothing or a close frame.
     */
    private static Type replyType(Class<?> serviceClass, String methodName) {
        for (Method method : serviceClass.getMethods()) {
            if (method.getName().equals(methodName)) {
                return unwrap(method.getGenericReturnType());
            }
        }
        return null;
    }

    private static Type unwrap(Type type) {
        if (type == void.class || type == Void.class || type == CloseFrame.class) {
            return null;
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            if (Stream.class.isAssignableFrom(raw) || Flow.Publisher.class.isAssignableFrom(raw)
                    || Iterable.class.isAssignableFrom(raw)) {
                return unwrap(parameterized.getActualTypeArguments()[0]);
            }
        }
        return type;
    }
}

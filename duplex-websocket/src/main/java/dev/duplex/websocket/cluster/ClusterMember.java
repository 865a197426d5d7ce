package dev.duplex.websocket.cluster;

/**
 * One member of a group anywhere in the cluster.
 *
 * @param connectionId the member's connection id (unique in the cluster)
 * @param nodeId       the node the connection is on
 */
public record ClusterMember(String connectionId, String nodeId) {
}

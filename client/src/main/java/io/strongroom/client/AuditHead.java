package io.strongroom.client;

/**
 * The audit chain a node holds: after healing, every node must report the same.
 *
 * @param seq the sequence number of its last entry (0 when empty)
 * @param hash that entry's hash, hex
 * @param nodeId the node that answered
 * @param treeRoot the RFC 6962 root over entries 1..seq, hex
 */
public record AuditHead(long seq, String hash, String nodeId, String treeRoot) {}

package org.katzenpost.groups;

/**
 * A member of a group as this store knows them.
 *
 * @param id the member id (hash of their read cap)
 * @param displayName the name from their introduction
 * @param self whether this is the local member
 */
public record Member(MemberId id, String displayName, boolean self) {}

package ru.moku.runtime.security;

/**
 * The roles a token can carry (its {@code roles} claim, {@link JwtProperties#rolesClaim()}): who may do what is in the
 * root README, "Security: who may call what".
 */
public final class Roles {

    /** Reads and writes the operator APIs (incidents, reprocessing, cards, directories). */
    public static final String OPERATOR = "operator";
    /** Reads the operator APIs (GET and HEAD only). */
    public static final String VIEWER = "viewer";
    /** Another service of the platform: only the service-to-service writes a service declares ({@link AccessRules}). */
    public static final String SERVICE = "service";

    private Roles() {
    }
}

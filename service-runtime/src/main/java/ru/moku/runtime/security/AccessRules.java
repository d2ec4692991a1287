package ru.moku.runtime.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpMethod;

/**
 * What a service declares about its own endpoints (a bean; several are combined): the endpoints anyone may call
 * because they authenticate their callers themselves or need no authentication, and the service-to-service writes
 * only a {@link Roles#SERVICE} token may call. Everything else is an operator API: {@code GET}/{@code HEAD} need
 * {@link Roles#VIEWER} or {@link Roles#OPERATOR}, any other method {@link Roles#OPERATOR}; a request without a valid
 * token is refused (deny by default).
 *
 * @param open        endpoints without a bearer token check (their own authentication, or public documents)
 * @param serviceOnly endpoints only a {@link Roles#SERVICE} token may call (an operator token may not)
 * @param serviceReads reads ({@code GET}) a {@link Roles#SERVICE} token may make besides viewers and operators
 */
public record AccessRules(List<Endpoint> open, List<Endpoint> serviceOnly, List<Endpoint> serviceReads) {

    public AccessRules {
        open = List.copyOf(open);
        serviceOnly = List.copyOf(serviceOnly);
        serviceReads = List.copyOf(serviceReads);
    }

    public AccessRules(List<Endpoint> open, List<Endpoint> serviceOnly) {
        this(open, serviceOnly, List.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Requests matching an Ant-style path pattern ({@code /api/v1/surveys/**}), with one method or any.
     *
     * @param method the method, or {@code null} for every method
     * @param path   the path pattern
     */
    public record Endpoint(HttpMethod method, String path) {

        public Endpoint {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("an endpoint path starts with '/': " + path);
            }
        }

        @Override
        public String toString() {
            return (method == null ? "*" : method.name()) + " " + path;
        }
    }

    public static final class Builder {

        private final List<Endpoint> open = new ArrayList<>();
        private final List<Endpoint> serviceOnly = new ArrayList<>();
        private final List<Endpoint> serviceReads = new ArrayList<>();

        private Builder() {
        }

        /** Anyone may call {@code path} with any method. */
        public Builder open(String path) {
            open.add(new Endpoint(null, path));
            return this;
        }

        /** Anyone may call {@code method path}. */
        public Builder open(HttpMethod method, String path) {
            open.add(new Endpoint(method, path));
            return this;
        }

        /** Only a {@link Roles#SERVICE} token may call {@code method path}. */
        public Builder serviceOnly(HttpMethod method, String path) {
            serviceOnly.add(new Endpoint(Objects.requireNonNull(method, "method"), path));
            return this;
        }

        /** A viewer, an operator or a {@link Roles#SERVICE} token may {@code GET path} (a lookup other services use). */
        public Builder serviceReads(String path) {
            serviceReads.add(new Endpoint(HttpMethod.GET, path));
            return this;
        }

        public AccessRules build() {
            return new AccessRules(open, serviceOnly, serviceReads);
        }
    }
}

package io.safehold.api.resources;

import java.util.List;

/** A list response; an object rather than a bare array so paging fields can join later. */
public record Items<T>(List<T> items) {}

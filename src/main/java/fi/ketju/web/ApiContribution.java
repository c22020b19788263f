package fi.ketju.web;

import io.swagger.v3.oas.models.OpenAPI;

/**
 * What a feature adds to the OpenAPI document beyond what springdoc reads from its controllers: schemas taken from
 * mappings/, answers given outside the method's signature (exception handlers, Location headers), examples.
 */
public interface ApiContribution {

    void describe(OpenAPI api);
}

package io.safehold.api.resources;

import io.safehold.api.errors.ApiException;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.DeviceRow;

/** Finds the device a path names, by id or by name (the CLI works with names). */
final class DeviceLookup {

  private final DeviceDao devices;

  DeviceLookup(DeviceDao devices) {
    this.devices = devices;
  }

  DeviceRow require(String idOrName) {
    return Ids.tryParse(idOrName)
        .flatMap(devices::find)
        .or(() -> devices.findByName(idOrName))
        .orElseThrow(() -> ApiException.notFound("no device with id or name '" + idOrName + "'"));
  }
}

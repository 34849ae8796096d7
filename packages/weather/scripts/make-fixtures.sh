#!/bin/sh
# Regenerates the small NetCDF fixtures from their CDL with ncgen (Debian's netcdf-bin):
#   sh packages/weather/scripts/make-fixtures.sh
set -e
cd "$(dirname "$0")/../fixtures"
ncgen -k classic -o edge-cases.nc edge-cases.cdl
ncgen -k classic -o one-record-variable.nc one-record-variable.cdl

#!/usr/bin/python3
"""Reference values of the shared weather files, computed with netCDF4-python (libnetcdf and its CF
mask-and-scale), independently of Strata's readers. The grid-source contract tests compare against them.

    /usr/bin/python3 packages/weather/scripts/reference-values.py > packages/weather/fixtures/reference-values.json
"""
import json, math, os, sys
import numpy as np
import netCDF4

DATA = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'shared', 'datasets', 'weather')

# file -> (variable, lat name, lon name, requests as (time index, level or None))
FILES = {
    'era5-t2m-uk-2019-03.nc': ('t2m', 'latitude', 'longitude', [(0, None), (100, None), (743, None)]),
    'era5-t2m-uk-2019-03.nc4': ('t2m', 'latitude', 'longitude', [(0, None), (100, None), (743, None)]),
    'era5-t2m-uk-2019-03-newcds.nc': ('t2m', 'latitude', 'longitude', [(0, None), (100, None), (743, None)]),
    'eraint_uvz.nc': ('z', 'latitude', 'longitude', [(0, 500), (1, 850), (1, 200)]),
    'monthly_navy_winds.cdf': ('UWND', 'FNOCY', 'FNOCX', [(0, None), (57, None), (131, None)]),
}
TIME_NAMES = ('time', 'valid_time', 'TIME')


def iso(d):
    return '%04d-%02d-%02dT%02d:%02d:%02d.000Z' % (d.year, d.month, d.day, d.hour, d.minute, d.second)


def main():
    out = {}
    for name, (var, latn, lonn, requests) in FILES.items():
        ds = netCDF4.Dataset(os.path.join(DATA, name))
        v = ds[var]
        lat = np.asarray(ds[latn][:], dtype=float)
        lon = np.asarray(ds[lonn][:], dtype=float) % 360
        tname = next((t for t in TIME_NAMES if t in ds.variables), None)
        times = []
        if tname:
            t = ds[tname]
            times = [iso(d) for d in netCDF4.num2date(t[:], t.units, getattr(t, 'calendar', 'standard'))]
        levels = [float(x) for x in ds['level'][:]] if 'level' in ds.variables else None
        # Sample points: corners and a few inside, as (lat, lon) in the model convention.
        picks = [(lat.max(), lon.min()), (lat.min(), lon.max()), (lat[len(lat) // 3], lon[len(lon) // 2]), (lat[len(lat) // 2], lon[len(lon) // 5])]
        fields = []
        for ti, level in requests:
            index = [ti]
            if levels is not None:
                index.append(levels.index(level))
            field = np.ma.filled(v[tuple(index)].astype(float), np.nan)
            points = []
            for la, lo in picks:
                i = int(np.where(lat == la)[0][0])
                j = int(np.where(lon == lo)[0][0])
                points.append({'lat': float(la), 'lon': float(lo), 'value': None if math.isnan(field[i, j]) else float(field[i, j])})
            fields.append({
                'time': ti,
                'level': level,
                'mean': float(np.nanmean(field)),
                'missing': int(np.isnan(field).sum()),
                'points': points,
            })
        out[name] = {
            'variable': var,
            'units': getattr(v, 'units', None),
            'shape': [len(lat), len(lon)],
            'times': {'count': len(times), 'first': times[0] if times else None, 'last': times[-1] if times else None},
            'levels': levels,
            'fields': fields,
        }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write('\n')


main()

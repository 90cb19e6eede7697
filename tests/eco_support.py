"""Sample inputs of the eco tests: a CodeCarbon emissions.csv and estimate forms."""

from __future__ import annotations

HEADER = (
    "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,"
    "gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,"
    "country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,"
    "cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,"
    "on_cloud,pue"
)
RUN_1 = (
    "2026-09-14T08:00:00,triage,run-1,exp-1,36000.0,1.38107,3.836e-05,42.5,240.0,11.9,0.425,"
    "9.2,0.375,10.0,Belgium,BEL,brussels,,,Linux-6.8.0-x86_64,3.12.3,3.3.2,16,"
    "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz,1,1 x NVIDIA A100-SXM4-80GB,4.35,50.85,31.7,"
    "machine,N,1.0"
)
RUN_2 = (
    "2026-09-15T08:00:00,triage,run-2,exp-1,18000.0,0.690535,3.836e-05,42.5,240.0,11.9,0.2125,"
    "4.6,0.1875,5.0,Belgium,BEL,brussels,,,Linux-6.8.0-x86_64,3.12.3,3.3.2,16,"
    "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz,1,1 x NVIDIA A100-SXM4-80GB,4.35,50.85,31.7,"
    "machine,N,1.0"
)
EMISSIONS_CSV = f"{HEADER}\n{RUN_1}\n{RUN_2}\n"
"""Two training runs in Belgium: 15 kWh and 2.071605 kg CO2e in all."""

INFERENCE_FORM = {
    "phase": "inference",
    "hours": "100",
    "decisions": "10000",
    "cpu_model": "Intel Xeon Gold 6248",
    "cpu_cores": "4",
    "cpu_usage": "0.5",
    "memory_gb": "8",
    "pue": "1.5",
    "country": "BEL",
}
"""Power 4 x 7.5 x 0.5 + 8 x 0.3725 = 17.98 W; 100 h x 17.98 W x 1.5 = 2.697 kWh;
carbon 2.697 x 138.107 g = 372.474579 g; per decision 37.2474579 mg."""

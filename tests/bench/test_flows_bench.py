"""bench/flows.py end to end with tiny numbers, so the benchmark cannot rot: every flow of the
bot and the reference's search completes in its own channel and the table reports each one."""

from __future__ import annotations

import pytest

from bench import flows


@pytest.mark.slow
async def test_flows_benchmark_runs_every_flow_to_its_final_slack_call() -> None:
    report, lines = await flows.run(flows.Sizes(burst=2, rate=4, seconds=0.5), latency=0.2)

    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
    seen = {(r[0], r[1], r[2]) for r in rows}
    for flow in flows.DONE:
        assert ("bot", flow, "burst") in seen
        assert ("bot", flow, "4/s") in seen
    assert ("reference", "search", "burst") in seen
    for target, flow, phase, done, cpu, *_rest in rows:
        assert done == "2/2", f"{target} {flow} {phase}: {done} completed"
        assert float(cpu) >= 0
    metrics = {row.metric for row in report.rows}
    assert "search CPU vs reference (burst)" in metrics
    assert "burst ack p99" in metrics

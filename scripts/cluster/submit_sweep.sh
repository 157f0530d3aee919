#!/usr/bin/env bash
# submit_sweep.sh: submits a sharded sweep to Slurm — a job array of N shards, then a merge that
# runs when every shard has succeeded.
#
#   bash scripts/cluster/submit_sweep.sh SWEEP.lua OUTDIR N [extra sbatch options...]
#
# Prints the two job ids. Check progress with `squeue -u $USER`; the merged file is
# OUTDIR/sweep.h5. After failed tasks, resubmit the whole array (`sbatch --array=1-N
# sweep_array.sbatch SWEEP.lua OUTDIR`: complete shards exit at once, the others resume) and
# merge again. Do not resubmit one task as `--array=I`: Slurm then sets
# SLURM_ARRAY_TASK_COUNT=1 and the task asks for shard I/1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sweep=${1:?usage: submit_sweep.sh SWEEP.lua OUTDIR N}
outdir=${2:?usage: submit_sweep.sh SWEEP.lua OUTDIR N}
n=${3:?usage: submit_sweep.sh SWEEP.lua OUTDIR N}
shift 3
wijksim=${WIJKSIM:-wijksim} "${WIJKSIM:-wijksim}" check "$sweep" > /dev/null
array=$(sbatch --parsable --array=1-"$n" "$@" "$here/sweep_array.sbatch" "$sweep" "$outdir")
merge=$(sbatch --parsable --dependency=afterok:"$array" "$here/sweep_merge.sbatch" "$outdir")
echo "shards: job $array (array 1-$n); merge: job $merge -> $outdir/sweep.h5"

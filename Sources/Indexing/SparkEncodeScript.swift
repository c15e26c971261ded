/// The PySpark driver of `SparkPartEncoder`: ships the binary, the model's tar file and the jobs
/// table with `addFile`, runs `jobmatch index-part` for each part on the executors (one task per
/// part, `--threads` threads each), and writes each returned part file durably (temporary name,
/// fsync, rename, fsync of the folder) into the parts folder, one wave of tasks at a time.
enum SparkEncodeScript {
    static let source = #"""
import argparse, json, os, subprocess, sys, tarfile, tempfile
from pyspark import SparkConf, SparkContext, SparkFiles

ap = argparse.ArgumentParser()
for name in ("--binary", "--model-tar", "--jobs", "--parts-folder", "--parts", "--encode-args"):
    ap.add_argument(name, required=True)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--wave", type=int, default=0)
a = ap.parse_args()

sc = SparkContext(conf=SparkConf().setAppName("jobmatch index"))
sc.setLogLevel("WARN")
for f in (a.binary, a.model_tar, a.jobs):
    sc.addFile(f)
binary_name, tar_name, jobs_name = (os.path.basename(f) for f in (a.binary, a.model_tar, a.jobs))
encode_args = json.loads(a.encode_args)
threads = a.threads

def model_folder():
    """The model unpacked once per executor, beside its shipped tar file (atomic rename)."""
    tar_path = SparkFiles.get(tar_name)
    dest = tar_path + ".d"
    if not os.path.isdir(dest):
        tmp = tempfile.mkdtemp(dir=os.path.dirname(tar_path))
        with tarfile.open(tar_path) as t:
            t.extractall(tmp)
        try:
            os.rename(tmp, dest)
        except OSError:
            pass  # another task of this executor unpacked it first
    return dest

def encode(part):
    binary = SparkFiles.get(binary_name)
    os.chmod(binary, 0o755)
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "part.parquet")
        env = dict(os.environ, JOBMATCH_THREADS=str(threads))
        cmd = [binary, "index-part", "--jobs-table", SparkFiles.get(jobs_name), "--model", model_folder(),
               "--part", str(part), "--output", out] + encode_args
        r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise RuntimeError("jobmatch: part %d: index-part exited with status %d: %s" % (part, r.returncode, r.stderr.strip()[-1000:]))
        with open(out, "rb") as f:
            return part, f.read()

def write_durably(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)
    fd = os.open(os.path.dirname(path), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

parts = [int(x) for x in a.parts.split(",") if x]
wave = a.wave if a.wave > 0 else 4 * sc.defaultParallelism
done = 0
for i in range(0, len(parts), wave):
    chunk = parts[i:i + wave]
    for part, data in sc.parallelize(chunk, len(chunk)).map(encode).collect():
        write_durably(os.path.join(a.parts_folder, "part-%06d.parquet" % part), data)
        done += 1
    print("jobmatch index: %d of %d parts encoded" % (done, len(parts)), flush=True)
sc.stop()
"""#
}

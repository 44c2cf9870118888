# Loaded by every kernel that `make notebooks` starts (IPYTHONDIR points here).
# pytest's -W error does not reach the kernel, so turn warnings into errors here:
# a notebook that warns fails CI, and the warning is fixed at its source.
import warnings

warnings.simplefilter("error")
# Start-up chatter of the Jupyter machinery itself, not of the course's code.
warnings.filterwarnings(
    "ignore",
    category=DeprecationWarning,
    module=r"(jupyter_client|zmq|ipykernel|traitlets|tornado)\b",
)

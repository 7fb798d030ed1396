// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

interface IGuarded {
    function guardian() external view returns (address);
}

/// @title An M-of-N set of signing keys whose changes wait out a long delay
/// @notice The base of the custodian board and the rate oracle: N keys, of which `threshold` must sign
/// (EIP-712) for anything to happen. Governance proposes a new set; it takes effect only after
/// `changeDelay` (fixed at deployment, longer than the governance timelock) when anyone applies it, and
/// governance or the guardian may cancel it meanwhile. No single key, and no quick vote, changes who signs.
abstract contract SignerSet is EIP712 {
    uint256 public constant MAX_SIGNERS = 16;

    address public immutable governance;
    uint256 public immutable changeDelay;
    address public reserve;
    uint256 public threshold;
    address[] private _signers;
    mapping(address => bool) public isSigner;
    address private immutable _deployer;

    address[] private _pendingSigners;
    uint256 public pendingThreshold;
    uint256 public pendingReadyAt; // 0: nothing pending

    event SignersProposed(address[] signers, uint256 threshold, uint256 readyAt);
    event SignersChanged(address[] signers, uint256 threshold);
    event SignersProposalCancelled();

    error OnlyGovernance(address caller);
    error NotAuthorized(address caller);
    error BadSignerSet();
    error NothingPending();
    error ChangeNotReady(uint256 readyAt);
    error NotEnoughSignatures(uint256 valid, uint256 threshold);
    error SignersNotAscending(address signer);
    error UnknownSigner(address signer);
    error AlreadyBound();

    constructor(
        string memory name,
        address governance_,
        uint256 changeDelay_,
        address[] memory signers_,
        uint256 threshold_
    ) EIP712(name, "1") {
        if (governance_ == address(0)) revert BadSignerSet();
        governance = governance_;
        changeDelay = changeDelay_;
        _deployer = msg.sender;
        _setSigners(signers_, threshold_);
    }

    /// @notice Binds the set to its reserve, once, by the deployer (the reserve is deployed after it).
    function bind(address reserve_) external {
        if (msg.sender != _deployer) revert NotAuthorized(msg.sender);
        if (reserve != address(0) || reserve_ == address(0)) revert AlreadyBound();
        reserve = reserve_;
    }

    function signers() external view returns (address[] memory) {
        return _signers;
    }

    function pendingSigners() external view returns (address[] memory) {
        return _pendingSigners;
    }

    /// @notice Governance proposes a new set; it can be applied `changeDelay` seconds from now.
    function proposeSigners(address[] calldata signers_, uint256 threshold_) external {
        if (msg.sender != governance) revert OnlyGovernance(msg.sender);
        _check(signers_, threshold_);
        _pendingSigners = signers_;
        pendingThreshold = threshold_;
        pendingReadyAt = block.timestamp + changeDelay;
        emit SignersProposed(signers_, threshold_, pendingReadyAt);
    }

    /// @notice Governance or the reserve's guardian drops the pending set.
    function cancelSigners() external {
        if (msg.sender != governance && msg.sender != IGuarded(reserve).guardian()) revert NotAuthorized(msg.sender);
        if (pendingReadyAt == 0) revert NothingPending();
        pendingReadyAt = 0;
        emit SignersProposalCancelled();
    }

    /// @notice Anyone applies the pending set once its delay is over.
    function applySigners() external {
        uint256 readyAt = pendingReadyAt;
        if (readyAt == 0) revert NothingPending();
        if (block.timestamp < readyAt) revert ChangeNotReady(readyAt);
        pendingReadyAt = 0;
        for (uint256 i; i < _signers.length; ++i) isSigner[_signers[i]] = false;
        _setSigners(_pendingSigners, pendingThreshold);
    }

    /// @dev Requires signatures by at least `threshold` distinct signers, in ascending address order (so
    /// none counts twice); `digests[i]` is what signature i signs. ECDSA.tryRecover refuses high-s (EIP-2).
    function _requireSigned(bytes32[] memory digests, bytes[] calldata signatures) internal view {
        if (digests.length != signatures.length || signatures.length < threshold) {
            revert NotEnoughSignatures(signatures.length, threshold);
        }
        address last;
        for (uint256 i; i < signatures.length; ++i) {
            (address s, ECDSA.RecoverError err,) = ECDSA.tryRecover(digests[i], signatures[i]);
            if (err != ECDSA.RecoverError.NoError || !isSigner[s]) revert UnknownSigner(s);
            if (s <= last) revert SignersNotAscending(s);
            last = s;
        }
    }

    function _check(address[] memory signers_, uint256 threshold_) private pure {
        if (threshold_ == 0 || threshold_ > signers_.length || signers_.length > MAX_SIGNERS) revert BadSignerSet();
        for (uint256 i; i < signers_.length; ++i) {
            if (signers_[i] == address(0)) revert BadSignerSet();
            for (uint256 j; j < i; ++j) if (signers_[j] == signers_[i]) revert BadSignerSet();
        }
    }

    function _setSigners(address[] memory signers_, uint256 threshold_) private {
        _check(signers_, threshold_);
        _signers = signers_;
        threshold = threshold_;
        for (uint256 i; i < signers_.length; ++i) isSigner[signers_[i]] = true;
        emit SignersChanged(signers_, threshold_);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Transparency-log checkpoint anchor
/// @notice The backend's anchoring key records checkpoints (origin, tree size, root hash) of its Merkle
/// log (RFC 9162 §2.1, C2SP tlog-checkpoint); anyone reads the latest for an origin and the history.
/// A checkpoint must grow the tree; a different root at an anchored size is refused as a conflict.
contract Anchor is AccessControl {
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    struct Checkpoint {
        uint64 size;
        uint64 timestamp;
        uint64 blockNumber;
        bytes32 root;
    }

    mapping(bytes32 => Checkpoint[]) private _history;

    event Anchored(bytes32 indexed originHash, string origin, uint64 size, bytes32 root);

    error CheckpointNotNewer(uint64 size, uint64 latestSize);
    error CheckpointConflict(uint64 size, bytes32 root, bytes32 anchoredRoot);
    error EmptyOrigin();
    error NoCheckpoint(string origin);

    constructor(address admin, address anchorer) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ANCHORER_ROLE, anchorer);
    }

    /// @notice Records a checkpoint of the log named `origin` (the checkpoint's first line).
    function anchor(string calldata origin, uint64 size, bytes32 root) external onlyRole(ANCHORER_ROLE) {
        if (bytes(origin).length == 0) revert EmptyOrigin();
        bytes32 key = keccak256(bytes(origin));
        Checkpoint[] storage h = _history[key];
        if (h.length != 0) {
            Checkpoint storage last = h[h.length - 1];
            if (size == last.size && root != last.root) revert CheckpointConflict(size, root, last.root);
            if (size <= last.size) revert CheckpointNotNewer(size, last.size);
        }
        h.push(Checkpoint(size, uint64(block.timestamp), uint64(block.number), root));
        emit Anchored(key, origin, size, root);
    }

    /// @notice The latest checkpoint of `origin`; reverts with NoCheckpoint when there is none.
    function latest(string calldata origin) external view returns (Checkpoint memory) {
        Checkpoint[] storage h = _history[keccak256(bytes(origin))];
        if (h.length == 0) revert NoCheckpoint(origin);
        return h[h.length - 1];
    }

    function checkpointCount(string calldata origin) external view returns (uint256) {
        return _history[keccak256(bytes(origin))].length;
    }

    function checkpointAt(string calldata origin, uint256 index) external view returns (Checkpoint memory) {
        return _history[keccak256(bytes(origin))][index];
    }
}

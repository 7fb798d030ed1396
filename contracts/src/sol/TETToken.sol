// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title TET, the reserve-backed token
/// @notice ERC-20 (EIP-20) with EIP-2612 permits and ERC20Votes checkpoints (EIP-5805, EIP-6372) so
/// holders can vote in governance. 18 decimals. Only the reserve mints and burns; the reserve's own
/// balance is its frozen and buffer pools, so ordinary transfers to the reserve are refused (they would
/// break "total supply = circulating + frozen + buffers").
contract TETToken is ERC20, ERC20Permit, ERC20Votes {
    /// @notice The reserve contract, the only minter and burner. Set once, right after deployment.
    address public reserve;
    address private immutable _deployer;

    error OnlyReserve(address caller);
    error ReserveAlreadySet();
    error OnlyDeployer(address caller);
    error ZeroAddress();
    error TransferToReserve();

    constructor() ERC20("TET", "TET") ERC20Permit("TET") {
        _deployer = msg.sender;
    }

    /// @notice Binds the token to its reserve, once. The reserve is deployed after the token because it
    /// needs the token's address; this closes the loop without predicting addresses from nonces.
    function setReserve(address reserve_) external {
        if (msg.sender != _deployer) revert OnlyDeployer(msg.sender);
        if (reserve != address(0)) revert ReserveAlreadySet();
        if (reserve_ == address(0)) revert ZeroAddress();
        reserve = reserve_;
    }

    modifier onlyReserve() {
        if (msg.sender != reserve) revert OnlyReserve(msg.sender);
        _;
    }

    /// @notice Mints `amount` to `to`. Called by the reserve on issuance and when its pools grow.
    function mint(address to, uint256 amount) external onlyReserve {
        _mint(to, amount);
    }

    /// @notice Burns `amount` from `from`. Called by the reserve on redemption, on the holder's own call.
    function burn(address from, uint256 amount) external onlyReserve {
        _burn(from, amount);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        // Mints into the pools come from address(0); everything else into the reserve is refused.
        if (to == reserve && from != address(0) && to != address(0)) revert TransferToReserve();
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
